// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.velos.ipc.AuditLog;
import dev.velos.ipc.IpcServer;
import dev.velos.ipc.RequestHandler;
import dev.velos.ipc.WireTypes;
import dev.velos.logs.DaemonLog;
import dev.velos.logs.LogPolicy;
import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessEvent;
import dev.velos.supervisor.ProcessListener;
import dev.velos.supervisor.Supervisor;

import sun.misc.Signal;

/**
 * {@code velos daemon}: runs in the foreground until SIGTERM, SIGINT or the {@code kill} command.
 *
 * <p>Start-up order: runtime directory (0700) → lock file (a second daemon on the same directory
 * exits 1 naming the running pid) → pid file → daemon log ({@code daemon.log}) → log writer →
 * supervisor (subreaper on) → after a crash of the previous daemon (its pid file left behind),
 * adoption of its apps' survivors ({@link Adoption}) → strays stopped → state restore (with
 * {@code --resurrect}) → control socket. A successor started by {@code daemon.restart}
 * ({@link DaemonRestart}, {@link Successor}) takes the apps over instead, and the lock and pid file
 * once its predecessor has exited. Shutdown reverses it: stop accepting,
 * save state, stop every app in parallel (SIGTERM, SIGKILL after each kill timeout), flush logs,
 * remove socket and pid file. SIGHUP reopens every log file (logrotate's postrotate, systemctl
 * reload) and nothing else: a hang-up of the terminal that started the daemon must not take every
 * app down. The daemon exits with status 70 when its event loop or log writer dies, and on
 * OutOfMemoryError (bin/velos runs it with -XX:+ExitOnOutOfMemoryError).
 */
public final class Daemon {
    private static final String JUL_FORMAT = "java.util.logging.SimpleFormatter.format";
    private final DaemonOptions options;
    /** {@code velos run}'s apps, output and exit policy; empty for {@code velos daemon}. */
    private final Optional<ForegroundRun> run;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private DaemonLock lock;
    private AppLogs logs;
    private DaemonLog daemonLog;
    private PrintStream console;
    /** The stderr the daemon was started with is a capture file ({@link DaemonLauncher#CAPTURED_VARIABLE}). */
    private final boolean captured = System.getenv(DaemonLauncher.CAPTURED_VARIABLE) != null;
    private LogMaintenance maintenance;
    private Supervisor supervisor;
    private volatile DaemonCommands commands;
    /** What the daemon remembers across restarts (state.bin, dump.bin); set before any app starts. */
    private volatile StateKeeper keeper;
    private volatile IpcServer server;

    private Daemon(DaemonOptions options, Optional<ForegroundRun> run) {
        this.options = options;
        this.run = run;
    }

    /** Runs the daemon until it is told to stop; returns the process exit code. */
    public static int run(DaemonOptions options) {
        return new Daemon(options, Optional.empty()).runUntilStopped();
    }

    /** {@code velos run}: the daemon with {@code run}'s apps, until they end by its exit policy or a signal. */
    static int run(DaemonOptions options, ForegroundRun run) {
        return new Daemon(options, Optional.of(run)).runUntilStopped();
    }

    private int runUntilStopped() {
        Optional<Successor> successor = run.isPresent() ? Optional.empty() : Successor.fromEnvironment(System.getenv());
        System.err.println("[velos-daemon] Starting..." + (successor.isPresent() ? " (taking over from the running daemon)" : ""));
        Path home = options.home();
        Preload.run();
        StartingHandler starting = new StartingHandler();
        try {
            DaemonLauncher.createPrivateDirectory(home);
            DaemonLauncher.createPrivateDirectory(home.resolve("logs"));
            boolean crashed = false; // the previous daemon did not shut down: a pid file left behind
            if (successor.isEmpty()) {
                Optional<DaemonLock> held = DaemonLock.tryAcquire(home);
                if (held.isEmpty()) {
                    System.err.println("Error: a velos daemon is already running for " + home + " (pid "
                            + DaemonLock.runningPid(home) + ").");
                    System.err.println("  Use it (velos list), or stop it first (velos kill).");
                    return 1;
                }
                lock = held.get();
                crashed = lock.pidFileLeftBehind();
                lock.writePidFile();
            }
            java.time.Clock clock = TestHooks.current().logClock();
            openDaemonLog(home, clock);
            if (successor.isEmpty()) {
                // Listen first (launch → socket accepts is what a waiting client feels); requests wait
                // in StartingHandler until the apps are adopted or resurrected. A successor binds
                // beside the running daemon instead (takeOver), never over its socket.
                server = IpcServer.start(options.socket(), starting);
            }
            logs = new AppLogs(home.resolve("logs"), cause -> fatal("the log writer thread died", cause), clock,
                    TestHooks.current().logDropBytes());
            maintenance = LogMaintenance.start(logs, clock, TestHooks.current().maintainEveryMs());
            EventHub events = new EventHub();
            supervisor = supervisorBuilder(home, events).build();
            StateStore state = new StateStore(home);
            keeper = new StateKeeper(supervisor, logs, state);
            commands = new DaemonCommands(supervisor, logs, keeper, this::shutdown, events,
                    new SelfStats(() -> server == null ? 0 : server.requestsServed()));
            if (run.isPresent()) {
                commands.refuseRestart("velos run cannot hand its apps to another daemon: it is the main process of its"
                        + " container (or terminal); restart velos run itself to upgrade");
            } else {
                commands.restartWith(new DaemonRestart(supervisor, logs, home, options.socket(), this::exitAfterHandover));
            }
            if (successor.isPresent()) {
                return takeOver(successor.get(), home) ? serve() : 1;
            }
            // velos run starts what its file says: a previous daemon's apps are strays to stop, not to adopt.
            startFresh(home, state, crashed && run.isEmpty());
            starting.started(handler(home));
            run.ifPresent(r -> r.started(supervisor, commands, logs, console, this::shutdown));
        } catch (RuntimeException | IOException e) {
            starting.failed(e);
            System.err.println("Error: the velos daemon cannot start: " + e.getMessage());
            if (captured && console != null) {
                // Where the client that started it looks first (it waited for a daemon that never came).
                console.println("Error: the velos daemon cannot start: " + e.getMessage() + " (see daemon.log)");
            }
            shutdown();
            return 1;
        }
        return serve();
    }

    private Supervisor.Builder supervisorBuilder(Path home, EventHub events) {
        // No environment(...): children start from the supervisor's minimal base (PATH, HOME,
        // USER, LANG, TZ...), never this daemon's whole environment, which is whatever the shell
        // that auto-started it held (DESIGN "App environment"). Each start request adds the
        // environment of the client that sent it. A dead event loop halts the daemon (the
        // builder's default onFatal: printed to the daemon log, exit 70).
        Supervisor.Builder builder = Supervisor.builder().subreaper(true).logSink(logs).listener(new EventLines())
                .listener(events).maxParallelStarts(options.maxParallelStarts()).hookPayload(new HookLogs(logs))
                .watchIgnoredDirectory(home.resolve("logs")).runtimeDirectory(home).afterStartBurst(HeapCompaction.policy())
                .listener(event -> {
                    if (event instanceof ProcessEvent.Started && keeper != null && !stopping.get()) {
                        keeper.persistSoon();
                    }
                });
        run.ifPresent(builder::listener);
        Watchdog.interval(System.getenv()).ifPresent(interval -> builder.heartbeat(interval,
                () -> SdNotify.send(System.getenv(), "WATCHDOG=1")));
        TestHooks.current().installOn(builder, logs);
        return builder;
    }

    /**
     * A daemon started by hand, by a client or by the startup unit: after a crash of the previous
     * one, its apps' survivors are adopted (same pids, output read on from their pipes); whatever
     * else carries this directory's marker is a stray and is stopped; with --resurrect the saved
     * list comes back (the adopted apps are already there and are skipped).
     */
    private void startFresh(Path home, StateStore state, boolean crashed) {
        if (crashed) {
            List<ProcessInfo> adopted = Adoption.adoptSurvivors(supervisor, state);
            adopted.forEach(p -> logs.policy(p.name(), Views.logPolicy(p.spec())));
            if (!adopted.isEmpty()) {
                System.err.println("[velos-daemon] The previous daemon did not shut down: adopted " + adopted.size()
                        + " app(s) from state.bin (running ones keep their pids; one that died meanwhile restarts by its policy)");
                keeper.persist();
            }
        }
        int strays = supervisor.stopStrays(java.time.Duration.ofSeconds(5)).join();
        if (strays > 0) {
            System.err.println("[velos-daemon] Stopped " + strays + " process(es) left running by a previous daemon"
                    + " that did not shut down (" + (options.resurrect() ? "restarting them from state.bin"
                    : "run 'velos resurrect' to start the saved list again") + ")");
        }
        if (options.resurrect()) {
            var restored = keeper.restoreState();
            System.err.println("[velos-daemon] Resurrected " + restored.started().size() + " running and "
                    + restored.stopped().size() + " stopped process(es) from " + restored.source());
        }
    }

    /**
     * The successor's start (docs/HANDOVER.md §2): the control socket is bound beside the running
     * daemon's first, so that nothing can fail once the apps are taken; then the table is taken
     * over, the socket's file renamed over the old daemon's (a client connects to one or the
     * other, never to none), and the old daemon told to exit. The lock and the pid file follow once
     * it has. On a failure before the answer, the old daemon is told why and carries on; this one
     * halts without touching any app (closing the supervisor would stop them).
     */
    private boolean takeOver(Successor successor, Path home) {
        Path staged = options.socket().resolveSibling(options.socket().getFileName() + ".next");
        try {
            server = IpcServer.start(staged, handler(home));
            List<ProcessInfo> taken = successor.takeOver(supervisor);
            taken.forEach(p -> logs.policy(p.name(), Views.logPolicy(p.spec())));
            server.moveTo(options.socket());
            successor.accept();
            // Under a Type=notify unit this process becomes the main one before the old one exits
            // (systemd takes MAINPID from another process only with NotifyAccess=all).
            SdNotify.send(System.getenv(), "MAINPID=" + ProcessHandle.current().pid() + "\n");
            System.err.println("[velos-daemon] Took over " + taken.size() + " app(s) from the previous daemon");
        } catch (RuntimeException e) {
            System.err.println("Error: the new velos daemon cannot take over: " + e.getMessage() + "; the running daemon carries on");
            successor.refuse(e);
            daemonLog.flush();
            Runtime.getRuntime().halt(1);
        }
        try {
            lock = DaemonLock.await(home, java.time.Duration.ofSeconds(30));
            lock.writePidFile();
        } catch (IOException e) {
            System.getLogger(Daemon.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot take the lock or write the pid file: " + e.getMessage());
        }
        keeper.persist();
        return true;
    }

    private RequestHandler handler(Path home) {
        return new AuditedRequests(commands, AuditLog.in(home));
    }

    private int serve() {
        installSignalHandlers();
        System.err.println("[velos-daemon] Initialized. Listening on " + options.socket() + " (pid "
                + ProcessHandle.current().pid() + ")");
        // Type=notify units: systemd considers the service started once the socket listens.
        SdNotify.send(System.getenv(), "READY=1\nMAINPID=" + ProcessHandle.current().pid() + "\n");
        awaitStopped();
        System.err.println("[velos-daemon] Stopped.");
        closeDaemonLog();
        return run.map(ForegroundRun::exitCode).orElse(0);
    }

    /**
     * From here on every line the daemon prints to {@code System.err} — its own messages, the
     * libraries' System.Logger records, stack traces — goes stamped to
     * {@code $VELOS_HOME/daemon.log} (rotated like an app's files) and, the same bytes, to the
     * stderr it was started with — the terminal of {@code velos daemon} in the foreground, the
     * journal under systemd — unless that stderr is a capture file (a client auto-started it, or
     * a daemon restart did: {@link DaemonLauncher#CAPTURED_VARIABLE}), which then keeps only what
     * cannot come through here, such as the JVM's own output.
     *
     * <p>The libraries log through System.Logger, whose JDK backend (java.util.logging) is set up
     * at the first record, after this, and then prints to the {@code System.err} of that moment:
     * this stream. One line per record ({@code WARNING [dev.velos.supervisor.X] ...}) instead of
     * its default two, through its formatter's documented property, unless the user set one.
     */
    private void openDaemonLog(Path home, java.time.Clock clock) {
        daemonLog = new DaemonLog(home.resolve("daemon.log"), LogPolicy.DEFAULT, clock,
                cause -> fatal("the daemon log's writer thread died", cause));
        if (System.getProperty(JUL_FORMAT) == null) {
            System.setProperty(JUL_FORMAT, "%4$s [%3$s] %5$s%6$s%n");
        }
        console = System.err;
        System.setErr(new PrintStream(daemonLog.stream(captured ? java.io.OutputStream.nullOutputStream() : console), true,
                StandardCharsets.UTF_8));
    }

    private void closeDaemonLog() {
        if (daemonLog != null) {
            System.setErr(console);
            daemonLog.close();
        }
    }

    private void installSignalHandlers() {
        Signal.handle(new Signal("TERM"), s -> Thread.ofPlatform().name("velos-shutdown").start(this::shutdown));
        Signal.handle(new Signal("INT"), s -> Thread.ofPlatform().name("velos-shutdown").start(this::shutdown));
        if (run.isPresent()) {
            QuitSignal.install(() -> Thread.ofPlatform().name("velos-shutdown").start(this::shutdown));
        }
        // SIGHUP (systemctl reload, logrotate's postrotate) reopens every log file by name; it never stops the daemon.
        Signal.handle(new Signal("HUP"), s -> {
            if (logs != null) {
                logs.reopen();
                if (daemonLog != null) {
                    daemonLog.reopen();
                }
                System.err.println("[velos-daemon] SIGHUP: log files reopened");
            }
        });
    }

    private void awaitStopped() {
        while (true) {
            try {
                stopped.await();
                return;
            } catch (InterruptedException e) {
                // The daemon's main thread only ends through shutdown().
            }
        }
    }

    /**
     * After a committed hand-over: the apps, their pipes and the control socket's path are the
     * successor's. This daemon stops serving (leaving the socket file, now the successor's), writes
     * out the log lines it read before the hand-over, and exits without stopping any app, saving
     * state or removing the pid file. Runs a moment later on its own thread, so the answer to
     * {@code daemon.restart} reaches the client first.
     */
    private void exitAfterHandover() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().name("velos-handed-over").start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                keeper.stopSaving();
                if (server != null) {
                    server.closeLeavingSocketFile();
                }
                maintenance.close();
                logs.close();
                System.err.println("[velos-daemon] Handed over to the new daemon; exiting, every app still running");
            } catch (RuntimeException e) {
                System.err.println("[velos-daemon] error while handing over: " + e.getMessage());
            } finally {
                if (lock != null) {
                    lock.close();
                }
                stopped.countDown();
            }
        });
    }

    /** Orderly shutdown; idempotent, callable from any thread. */
    private void shutdown() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        run.ifPresent(ForegroundRun::stopping);
        System.err.println("[velos-daemon] Shutting down: stopping every process...");
        try {
            if (server != null) {
                server.close();
            }
            if (maintenance != null) {
                maintenance.close();
            }
            if (keeper != null) {
                keeper.persistLast();
            }
            if (supervisor != null) {
                supervisor.close();
            }
            if (logs != null) {
                logs.close();
            }
        } catch (RuntimeException e) {
            System.err.println("[velos-daemon] error during shutdown: " + e.getMessage());
        } finally {
            releaseFiles();
            stopped.countDown();
        }
    }

    private void releaseFiles() {
        try {
            Files.deleteIfExists(options.socket());
        } catch (IOException e) {
            System.err.println("[velos-daemon] cannot remove " + options.socket() + ": " + e.getMessage());
        }
        if (lock != null) {
            lock.removePidFileAndRelease();
        }
    }

    /**
     * A thread the daemon cannot work without died (the log writer): nothing it was doing will
     * happen any more, so pretending to be alive would be worse than exiting. The service manager
     * (or the next client's auto-start with --resurrect) brings the daemon and its apps back.
     */
    private void fatal(String what, Throwable cause) {
        try {
            System.err.println("[velos-daemon] fatal: " + what + " (" + cause + "); exiting with status "
                    + Supervisor.FATAL_EXIT_STATUS);
            cause.printStackTrace(System.err);
            if (daemonLog != null) {
                daemonLog.flush(); // the daemon log's writer is its own thread: let it write the reason before the halt
            }
        } catch (Throwable ignored) {
            // Out of memory, most likely: exit all the same.
        }
        Runtime.getRuntime().halt(Supervisor.FATAL_EXIT_STATUS);
    }
}
