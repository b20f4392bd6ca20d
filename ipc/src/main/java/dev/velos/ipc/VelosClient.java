// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.velos.model.ErrorCode;

/**
 * The typed client of the daemon's control socket, used by the CLI, the MCP server and the HTTP
 * surfaces alike. One request at a time per client (calls are serialized); open one per thread
 * for concurrency. Every read has a deadline, so a hung daemon gives a clear error instead of a
 * hung client.
 *
 * <p>A daemon restart ({@code velos daemon restart}, docs/HANDOVER.md) goes unnoticed: the
 * successor takes the socket's path before the old daemon lets go, so a request whose answer was
 * lost — the old daemon said it handed over ({@link HandingOverException}), or its connection
 * closed first — is sent once more on a new connection, when that is safe: a read-only command
 * ({@link Commands#isReadOnly}) or one that was not run. Any other is reported, saying whether the
 * change may have happened. Followers ({@link #follow}, {@link #events}) reconnect and resume
 * where they were, without a line or event twice or missed.
 */
public final class VelosClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Reconnections in a row, each within {@link #STEADY} of the last, after which a follower gives up. */
    private static final int MAX_QUICK_RECONNECTS = 5;
    private static final Duration STEADY = Duration.ofSeconds(2);

    private final Path socket;
    /** The open connection; replaced when a lost one is reopened. Guarded by {@link #lock} (read without it only to close). */
    private volatile ClientConnection connection;
    /** Set by {@link #close()}: nothing is reopened after it. */
    private volatile boolean closed;
    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();
    private long nextId = 1;
    private volatile String origin = "";
    private volatile java.util.function.Consumer<String> warnings =
            w -> System.err.println("[velos] warning: " + w);

    private VelosClient(Path socket, ClientConnection connection, Duration timeout) {
        this.socket = socket;
        this.connection = connection;
        this.timeout = timeout;
    }

    /**
     * Connects to the daemon at {@code socket}; {@code timeout} bounds every later call.
     * Throws {@link DaemonUnavailableException} when nothing listens there.
     */
    public static VelosClient connect(Path socket, Duration timeout) {
        return new VelosClient(socket, ClientConnection.open(socket, timeout), timeout);
    }

    public Path socket() {
        return socket;
    }

    /**
     * Marks this client's requests as recorded in the audit trail by the client itself, over
     * {@code channel} ({@link AuditRecord#REST}, {@link AuditRecord#MCP}): the daemon records
     * only the requests of plain clients (the CLI), each once.
     */
    public VelosClient auditedAs(String channel) {
        this.origin = java.util.Objects.requireNonNull(channel, "channel");
        return this;
    }

    /**
     * Where warnings that come with a successful answer go (e.g. "the process list could not be
     * saved"); by default they are printed to stderr as {@code [velos] warning: ...}.
     */
    public VelosClient onWarning(java.util.function.Consumer<String> handler) {
        this.warnings = java.util.Objects.requireNonNull(handler, "handler");
        return this;
    }

    // ---- typed commands --------------------------------------------------------------------

    private static final java.util.Map<String, Object> NO_ARGS = java.util.Map.of();

    public WireTypes.Pong ping() {
        return call(Commands.PING, NO_ARGS).as(WireCodecs.PONG);
    }

    public List<WireTypes.ProcessView> start(WireTypes.StartArgs args) {
        return views(call(Commands.START, args));
    }

    /**
     * Starts every app of {@code apps}, the views in order. One request when it fits the request
     * limit (then every app is checked before any starts); a list too large for one request
     * (thousands of apps) goes in several, each checked and started in turn.
     */
    public List<WireTypes.ProcessView> startMany(List<WireTypes.StartArgs> apps) {
        return startMany(apps, null);
    }

    /**
     * {@link #startMany(List)} with the environment of the client that starts them, sent once for
     * all the apps (see {@link WireTypes.StartArgs}); null sends none.
     */
    public List<WireTypes.ProcessView> startMany(List<WireTypes.StartArgs> apps, java.util.Map<String, String> clientEnv) {
        WireTypes.StartManyArgs all = new WireTypes.StartManyArgs(apps, clientEnv);
        if (apps.size() < 2 || Messages.request(0, Commands.START_MANY, all).length <= FrameCodec.MAX_REQUEST_BODY) {
            return views(call(Commands.START_MANY, all));
        }
        int half = apps.size() / 2;
        List<WireTypes.ProcessView> views = new java.util.ArrayList<>(startMany(apps.subList(0, half), clientEnv));
        views.addAll(startMany(apps.subList(half, apps.size()), clientEnv));
        return views;
    }

    /** {@link Commands#START_EXISTING}: every app of {@code target}, started or already running. */
    public List<WireTypes.ProcessView> startExisting(String target) {
        return onTarget(Commands.START_EXISTING, target);
    }

    /** A command that acts on {@code target} (a name, id or "all") and answers with the views of its entries after. */
    private List<WireTypes.ProcessView> onTarget(String command, String target) {
        return views(call(command, new WireTypes.TargetArgs(target)));
    }

    public List<WireTypes.ProcessView> stop(String target) {
        return onTarget(Commands.STOP, target);
    }

    public List<WireTypes.ProcessView> restart(String target) {
        return onTarget(Commands.RESTART, target);
    }

    /** Zeroes the restart counters of each of {@code target}'s entries ({@link Commands#RESET}); the views after. */
    public List<WireTypes.ProcessView> reset(String target) {
        return onTarget(Commands.RESET, target);
    }

    /** Runs the scheduled job {@code target} now (each instance of a cluster); its overlap setting applies. */
    public List<WireTypes.ProcessView> runNow(String target) {
        return onTarget(Commands.RUN_NOW, target);
    }

    /** Zero-downtime replacement of {@code target}, one instance at a time. */
    public List<WireTypes.ProcessView> reload(String target) {
        return onTarget(Commands.RELOAD, target);
    }

    /** Sends {@code signalName} (e.g. {@code SIGUSR1}, {@code HUP} or {@code 10}) to the main process of each of {@code target}'s entries. */
    public List<WireTypes.ProcessView> signal(String target, String signalName) {
        return views(call(Commands.SIGNAL, new WireTypes.SignalArgs(target, signalName)));
    }

    public List<WireTypes.ProcessView> delete(String target) {
        return onTarget(Commands.DELETE, target);
    }

    /** Scales the cluster {@code name} to {@code count} ({@code N}, {@code +N}, {@code -N} or {@code max}) live instances. */
    public WireTypes.ScaleResult scale(String name, String count) {
        return call(Commands.SCALE, new WireTypes.ScaleArgs(name, count)).as(WireCodecs.SCALE_RESULT);
    }

    public List<WireTypes.ProcessView> list() {
        return views(call(Commands.LIST, NO_ARGS));
    }

    public List<WireTypes.ProcessView> info(String target) {
        return info(target, false);
    }

    /** {@code info}, with each process's environment when {@code showEnv} (otherwise it never leaves the daemon). */
    public List<WireTypes.ProcessView> info(String target, boolean showEnv) {
        return views(call(Commands.INFO, new WireTypes.InfoArgs(target, showEnv)));
    }

    public List<WireTypes.LogEntry> logs(String target, int lines, String stream) {
        return logs(target, lines, stream, 0);
    }

    /**
     * The newest {@code lines} lines of {@code target} at or after {@code sinceMs} (0 = no bound),
     * oldest first. The daemon sends them in pages, newest page first (see {@link PagedResponse}),
     * so any number of lines fits the frame limit; they are put in order here.
     */
    public List<WireTypes.LogEntry> logs(String target, int lines, String stream, long sinceMs) {
        List<WireTypes.LogEntry> newestFirst = new java.util.ArrayList<>();
        Payload result = paged(Commands.LOGS_READ, new WireTypes.LogsArgs(target, lines, stream, sinceMs),
                page -> newestFirst.addAll(page.as(LogCodecs.LOG_ENTRIES)));
        if (newestFirst.isEmpty() && result.value() instanceof List<?>) {
            return result.as(LogCodecs.LOG_ENTRIES); // a daemon (or a test double) that answers in one list, oldest first
        }
        return newestFirst.reversed();
    }

    public WireTypes.SaveResult save() {
        return call(Commands.SAVE, NO_ARGS).as(WireCodecs.SAVE_RESULT);
    }

    public WireTypes.ResurrectResult resurrect() {
        return call(Commands.RESURRECT, NO_ARGS).as(WireCodecs.RESURRECT_RESULT);
    }

    /** The stored settings of {@code target} (one entry per app; a cluster gives one per instance). */
    public List<WireTypes.AppSettings> configGet(String target) {
        return call(Commands.CONFIG_GET, new WireTypes.TargetArgs(target)).as(ProcessCodecs.APP_SETTINGS_LIST);
    }

    /** Changes {@code target}'s stored settings; see {@link WireTypes.ConfigSetArgs}. */
    public WireTypes.ConfigSetResult configSet(String target, java.util.Map<String, Object> changes, boolean restart) {
        return call(Commands.CONFIG_SET, new WireTypes.ConfigSetArgs(target, changes, restart))
                .as(ProcessCodecs.CONFIG_SET_RESULT);
    }

    /**
     * Asks the daemon to stop every app and exit; returns once it acknowledged, with how many apps
     * it is stopping (0 from a daemon older than that answer).
     */
    public WireTypes.KillResult kill() {
        return call(Commands.KILL, NO_ARGS).as(WireCodecs.KILL_RESULT);
    }

    private static List<WireTypes.ProcessView> views(Payload result) {
        return result.as(ProcessCodecs.PROCESS_VIEWS);
    }

    // ---- transport -------------------------------------------------------------------------

    /**
     * Sends {@code cmd} with {@code args} (a {@link WireTypes} record or plain values) and returns
     * the result for the caller to decode; a daemon-side error becomes an {@link IpcException}.
     */
    public Payload call(String cmd, Object args) {
        return paged(cmd, args, page -> {
            throw new ProtocolException("the daemon answered '" + cmd + "' in pages; this call expects one answer");
        });
    }

    /**
     * Sends {@code cmd} and reads its answer, handing each page that comes before it to
     * {@code onPage} (see {@link PagedResponse}); returns the final result. The deadline applies
     * to each frame, so a long answer that keeps coming is not cut off.
     */
    public Payload paged(String cmd, Object args, java.util.function.Consumer<Payload> onPage) {
        lock.lock();
        try {
            for (int attempt = 0; ; attempt++) {
                int[] pages = {0};
                try {
                    return exchange(cmd, args, page -> {
                        pages[0]++;
                        onPage.accept(page);
                    });
                } catch (HandingOverException e) {
                    // The successor has the socket's path already: ask it, when asking again is safe.
                    if (attempt > 0 || pages[0] > 0 || !(Commands.isReadOnly(cmd) || e.notRun()) || !reconnect()) {
                        throw e;
                    }
                } catch (LostConnection e) {
                    dropConnection();
                    if (attempt > 0 || pages[0] > 0 || !(Commands.isReadOnly(cmd) || !e.sent()) || !reconnect()) {
                        throw lost(cmd, e);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** One request and its answer on the current connection; a daemon-side error becomes an {@link IpcException}. */
    private Payload exchange(String cmd, Object args, java.util.function.Consumer<Payload> onPage) {
        long id = nextId++;
        byte[] request = Messages.request(id, cmd, args, origin);
        if (request.length > FrameCodec.MAX_REQUEST_BODY) {
            throw new IpcException(ErrorCode.INVALID_ARGUMENT, "the '" + cmd + "' request is " + request.length
                    + " bytes, over the " + (FrameCodec.MAX_REQUEST_BODY >> 10) + " KiB request limit");
        }
        send(request);
        try {
            while (true) {
                Messages.Response response = Messages.decodeResponse(connection.readFrame(System.nanoTime() + timeout.toNanos()));
                if (response.id() == 0 && !response.ok()) {
                    // The daemon refused the request before it could read its id (too large).
                    dropConnection();
                    throw error(response);
                }
                if (response.id() != id) {
                    throw new ProtocolException("response id " + response.id() + " does not match request id " + id);
                }
                if (!response.ok()) {
                    throw error(response);
                }
                if (response.event()) {
                    onPage.accept(response.result());
                    continue;
                }
                if (!response.warning().isEmpty()) {
                    warnings.accept(response.warning());
                }
                return response.result();
            }
        } catch (IOException e) {
            throw new LostConnection(e, true);
        } catch (IpcException e) {
            if (e instanceof IpcTimeoutException || e instanceof ProtocolException) {
                // A late answer to a timed-out call, or a desynchronised stream, would be read as
                // the answer to the next call: this connection cannot be trusted any more.
                dropConnection();
            }
            throw e;
        }
    }

    private void send(byte[] request) {
        try {
            connection.write(FrameCodec.encode(request), System.nanoTime() + timeout.toNanos());
        } catch (IOException e) {
            throw new LostConnection(e, false);
        }
    }

    private static IpcException error(Messages.Response response) {
        return switch (response.handOver()) {
            case NONE -> new IpcException(codeOf(response.errorCode()), response.errorMessage());
            case NOT_RUN -> new HandingOverException(response.errorMessage(), true);
            case MAY_HAVE_RUN -> new HandingOverException(response.errorMessage(), false);
        };
    }

    /** The connection broke: before the request was sent ({@code sent} false), or while waiting for its answer. */
    private static final class LostConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean sent;

        LostConnection(IOException cause, boolean sent) {
            super(cause.getMessage(), cause, false, false);
            this.sent = sent;
        }

        boolean sent() {
            return sent;
        }
    }

    private DaemonUnavailableException lost(String cmd, LostConnection e) {
        if (!e.sent() || Commands.isReadOnly(cmd)) {
            return new DaemonUnavailableException("lost the connection to the velos daemon at " + socket + ": "
                    + e.getMessage(), e.getCause());
        }
        return new DaemonUnavailableException("lost the connection to the velos daemon at " + socket + " before it answered '"
                + cmd + "' (" + e.getMessage() + "; it may have been restarting or stopping): the change may or may not have"
                + " been made; check with 'velos list'", e.getCause());
    }

    /**
     * A new connection to the socket in place of the lost one (after a daemon restart, the
     * successor's); false when nothing listens there any more or the client was closed.
     */
    private boolean reconnect() {
        if (closed) {
            return false;
        }
        dropConnection();
        try {
            connection = ClientConnection.open(socket, timeout);
            return !closed;
        } catch (IpcException e) {
            return false;
        }
    }

    /**
     * Sends a streaming command and hands each event to {@code onEvent} until it returns false,
     * the daemon ends the stream, or the connection breaks. No deadline applies while waiting for
     * events (a quiet app may log nothing for hours); an error answer throws as in {@link #call}.
     * The connection is used up afterwards.
     */
    public void stream(String cmd, Object args, java.util.function.Predicate<Payload> onEvent) {
        lock.lock();
        try {
            streamOnce(cmd, args, onEvent);
        } finally {
            dropConnection();
            lock.unlock();
        }
    }

    /**
     * One stream on the current connection; true when the connection broke (or the daemon said it
     * handed over, ending it) rather than {@code onEvent} or the client ending it.
     */
    private boolean streamOnce(String cmd, Object args, java.util.function.Predicate<Payload> onEvent) {
        try {
            connection.write(FrameCodec.encode(Messages.request(nextId++, cmd, args, origin)), System.nanoTime() + timeout.toNanos());
            while (true) {
                Messages.Response response = Messages.decodeResponse(connection.readFrame(Long.MAX_VALUE));
                if (!response.ok()) {
                    if (response.handOver() != Messages.HandOver.NONE) {
                        return true;
                    }
                    throw error(response);
                }
                if (!onEvent.test(response.result())) {
                    return false;
                }
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            return !closed; // the daemon went away, or close() ended the stream from another thread
        }
    }

    /**
     * Runs a follower's stream ({@code cmd}) and, when its connection breaks, reconnects and sends
     * {@code resume}'s request instead, until {@code onEvent} or the caller ends it, or no daemon
     * answers any more. {@code before} runs on each connection before its request.
     */
    private void resumable(String cmd, java.util.function.Supplier<Object> request, Runnable before,
                           java.util.function.Predicate<Payload> onEvent) {
        lock.lock();
        try {
            int quick = 0;
            while (true) {
                long began = System.nanoTime();
                if (!streamOrLost(cmd, request, before, onEvent)) {
                    return;
                }
                quick = System.nanoTime() - began > STEADY.toNanos() ? 0 : quick + 1;
                if (quick > MAX_QUICK_RECONNECTS || !pause(quick) || !reconnect()) {
                    return; // nothing answers at the socket: the daemon stopped, as before a reconnect existed
                }
            }
        } catch (DaemonUnavailableException e) {
            // The daemon went away between reconnecting and asking: the stream is over.
        } finally {
            dropConnection();
            lock.unlock();
        }
    }

    /** {@link #streamOnce} after {@code before}, whose request breaking with the connection counts as lost too. */
    private boolean streamOrLost(String cmd, java.util.function.Supplier<Object> request, Runnable before,
                                 java.util.function.Predicate<Payload> onEvent) {
        try {
            before.run();
        } catch (LostConnection | HandingOverException e) {
            return !closed;
        }
        return streamOnce(cmd, request.get(), onEvent);
    }

    /** Waits a little before a reconnection that follows a quick failure; false when interrupted. */
    private static boolean pause(int quickFailures) {
        if (quickFailures <= 1) {
            return true;
        }
        try {
            Thread.sleep(50L * quickFailures);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Follows {@code target}'s new log lines ({@code lines} recent ones first) until {@code onLine}
     * returns false or the daemon stops; across a daemon restart it reconnects and resumes after
     * the last line it got of each app and stream ({@link FollowPlaces}), none twice or missed.
     */
    public void follow(String target, int lines, String stream, java.util.function.Predicate<WireTypes.LogEntry> onLine) {
        FollowPlaces places = new FollowPlaces(System.currentTimeMillis());
        WireTypes.LogsArgs first = new WireTypes.LogsArgs(target, lines, stream);
        resumable(Commands.LOGS_FOLLOW, () -> places.isEmpty() && lines > 0 ? first
                        : new WireTypes.LogsArgs(target, 0, stream, 0, places.resume()), () -> { },
                event -> {
                    WireTypes.LogEntry line = event.as(LogCodecs.LOG_ENTRY);
                    places.saw(line);
                    return onLine.test(line);
                });
    }

    /** The summary of {@code query}'s lines, computed by the daemon. */
    public WireTypes.SummaryView logsSummary(WireTypes.LogsQuery query) {
        return call(Commands.LOGS_SUMMARY, query).as(LogCodecs.SUMMARY_VIEW);
    }

    /** The dedupe groups of {@code query}'s lines, computed by the daemon. */
    public List<WireTypes.DedupView> logsDedupe(WireTypes.LogsQuery query) {
        return call(Commands.LOGS_DEDUPE, query).as(LogCodecs.DEDUP_VIEWS);
    }

    /** Empties the log files of {@code target} ({@code all} for every app); returns the names flushed. */
    public List<String> flushLogs(String target) {
        return call(Commands.LOGS_FLUSH, new WireTypes.TargetArgs(target)).as(WireCodecs.STRINGS);
    }

    /**
     * Hands every lifecycle event to {@code onEvent} as it happens, until it returns false or the
     * daemon stops; across a daemon restart it reconnects and gets the events it missed first.
     */
    public void events(java.util.function.Predicate<WireTypes.EventView> onEvent) {
        events(new EventCursor(), onEvent);
    }

    /**
     * As {@link #events(java.util.function.Predicate)}, resuming at {@code cursor}: a caller that
     * subscribes again after the daemon went away (a new client) passes the same cursor, and the
     * daemon it reaches sends the events it still holds that the cursor has not seen.
     */
    void events(EventCursor cursor, java.util.function.Predicate<WireTypes.EventView> onEvent) {
        WireTypes.EventsArgs[] next = {WireTypes.EventsArgs.LIVE};
        resumable(Commands.EVENTS, () -> next[0], () -> {
            long pid = exchange(Commands.PING, NO_ARGS, page -> { }).as(WireCodecs.PONG).pid();
            next[0] = cursor.subscribing(pid, System.currentTimeMillis());
        }, event -> {
            WireTypes.EventView view = event.as(WireCodecs.EVENT_VIEW);
            cursor.saw(view);
            return onEvent.test(view);
        });
    }

    /**
     * Restarts the daemon without touching the apps ({@link Commands#DAEMON_RESTART}): the
     * successor is started with {@code launcher} ("" = the launcher the daemon runs from). The
     * answer comes once the successor took over; this connection then closes (the old daemon exits).
     */
    public WireTypes.DaemonRestartResult daemonRestart(String launcher) {
        return call(Commands.DAEMON_RESTART, new WireTypes.DaemonRestartArgs(launcher))
                .as(WireCodecs.DAEMON_RESTART_RESULT);
    }

    /** The daemon's own memory, uptime and request count. */
    public WireTypes.DaemonStats daemonStats() {
        return call(Commands.DAEMON_STATS, NO_ARGS).as(WireCodecs.DAEMON_STATS);
    }

    private static ErrorCode codeOf(String wire) {
        return Arrays.stream(ErrorCode.values()).filter(c -> c.wireName().equals(wire)).findFirst()
                .orElse(ErrorCode.INTERNAL);
    }

    /** Closes this client: a stream waiting on another thread ends, and nothing is reconnected. Idempotent. */
    @Override
    public void close() {
        closed = true;
        dropConnection();
    }

    /** Closes the current connection (a later call reconnects, unless the client is closed). */
    private void dropConnection() {
        connection.close();
    }
}
