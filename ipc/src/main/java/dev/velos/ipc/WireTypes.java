// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import dev.velos.model.AppConfig;
import dev.velos.model.AppSpec;
import dev.velos.model.ListenAddress;
import dev.velos.model.LogSettings;
import dev.velos.model.RestartPolicy;

import dev.velos.model.LogFileSettings;
import dev.velos.model.OrchestrationSettings;

/** The records that travel in request args and response results (snake_case on the wire). */
public final class WireTypes {
    private WireTypes() {
    }

    /**
     * {@code start} args: one app; daemon-side defaults apply to absent numbers. {@code env} is the
     * app's own environment; {@code clientEnv} the environment of the client that sends the start
     * (PM2's behaviour: an app sees the shell it was started from), which the daemon puts under
     * {@code env} minus velos's own variables — null when the client sends none.
     */
    public record StartArgs(String name, String script, List<String> args, String cwd, String interpreter,
                            Map<String, String> env, Boolean autorestart, Integer maxRestarts, Long minUptimeMs,
                            Long restartDelayMs, Boolean expBackoff, Long killTimeoutMs, Long logMaxSize,
                            Integer logRetainCount, Boolean waitReady, Long listenTimeoutMs, Boolean shutdownWithMessage,
                            Long maxMemoryRestart, String cronRestart, Boolean watch, List<String> watchPaths,
                            List<String> watchIgnore, Long watchDelayMs, Integer instances, Long watchdogMs,
                            Map<String, String> clientEnv, Map<String, Object> orchestration, Map<String, Object> logFiles,
                            List<String> listen) {
        /**
         * The one named way to build a start request: every component absent (null) until set. A new
         * setting is a component, a builder field and setter (copied by toBuilder and the private
         * constructor) and the codec; no caller changes.
         */
        public static Builder builder(String name, String script) {
            return new Builder().name(name).script(script);
        }

        /**
         * The start request that recreates {@code s}, its log settings, orchestration settings
         * ({@code signalName} names a signal number, as the daemon spells it) and listening sockets included.
         */
        public static StartArgs of(AppSpec s, IntFunction<String> signalName) {
            RestartPolicy r = s.restart();
            LogSettings logs = s.logs();
            return builder(s.name(), s.script()).args(s.args()).cwd(s.cwd().toString()).interpreter(s.interpreter())
                    .env(s.env()).autorestart(r.autorestart()).maxRestarts(r.maxRestarts())
                    .minUptimeMs(r.minUptime().toMillis()).restartDelayMs(r.restartDelay().toMillis())
                    .expBackoff(r.expBackoff()).killTimeoutMs(r.killTimeout().toMillis()).logMaxSize(logs.maxBytes())
                    .logRetainCount(logs.retainCount()).waitReady(s.ready().waitReady())
                    .listenTimeoutMs(s.ready().listenTimeout().toMillis()).shutdownWithMessage(s.ready().shutdownWithMessage())
                    .maxMemoryRestart(s.triggers().maxMemoryBytes()).cronRestart(s.triggers().cronRestart())
                    .watch(s.triggers().watch().enabled()).watchPaths(s.triggers().watch().paths())
                    .watchIgnore(s.triggers().watch().ignore()).watchDelayMs(s.triggers().watch().delay().toMillis())
                    .watchdogMs(s.ready().watchdog().toMillis()).orchestration(OrchestrationSettings.render(s, signalName))
                    .logFiles(LogFileSettings.render(logs)).listen(s.listen().stream().map(ListenAddress::toString).toList())
                    .build();
        }

        /**
         * The start request for an app of a config file, every setting of it included (velos start
         * --config, apply, run, REST and MCP): absent settings stay absent, for the daemon's defaults.
         */
        public static StartArgs of(AppConfig app) {
            RestartPolicy r = app.restart();
            return builder(app.name(), app.script()).args(app.args()).cwd(app.cwd().toString())
                    .interpreter(app.interpreter().orElse("")).env(new LinkedHashMap<>(app.env()))
                    .autorestart(r.autorestart()).maxRestarts(r.maxRestarts()).minUptimeMs(r.minUptime().toMillis())
                    .restartDelayMs(r.restartDelay().toMillis()).expBackoff(r.expBackoff())
                    .killTimeoutMs(r.killTimeout().toMillis())
                    .logMaxSize(app.logs().maxSize().isPresent() ? app.logs().maxSize().getAsLong() : null)
                    .logRetainCount(app.logs().retainCount().isPresent() ? app.logs().retainCount().getAsInt() : null)
                    .waitReady(app.ready().waitReady()).listenTimeoutMs(app.ready().listenTimeout().toMillis())
                    .shutdownWithMessage(app.ready().shutdownWithMessage())
                    .maxMemoryRestart(app.maxMemoryRestart().isPresent() ? app.maxMemoryRestart().getAsLong() : null)
                    .cronRestart(app.cronRestart().orElse(null)).watch(app.watch().enabled())
                    .watchPaths(app.watch().paths()).watchIgnore(app.watch().ignore())
                    .watchDelayMs(app.watch().delay().toMillis()).instances(app.instances())
                    .watchdogMs(app.watchdogMs().isPresent() ? app.watchdogMs().getAsLong() : null)
                    .orchestration(new LinkedHashMap<>(app.orchestration())).logFiles(app.logFiles()).listen(app.listen())
                    .build();
        }

        /** A builder holding these args, to change some of them. */
        public Builder toBuilder() {
            Builder b = new Builder();
            b.name = name;
            b.script = script;
            b.args = args;
            b.cwd = cwd;
            b.interpreter = interpreter;
            b.env = env;
            b.autorestart = autorestart;
            b.maxRestarts = maxRestarts;
            b.minUptimeMs = minUptimeMs;
            b.restartDelayMs = restartDelayMs;
            b.expBackoff = expBackoff;
            b.killTimeoutMs = killTimeoutMs;
            b.logMaxSize = logMaxSize;
            b.logRetainCount = logRetainCount;
            b.waitReady = waitReady;
            b.listenTimeoutMs = listenTimeoutMs;
            b.shutdownWithMessage = shutdownWithMessage;
            b.maxMemoryRestart = maxMemoryRestart;
            b.cronRestart = cronRestart;
            b.watch = watch;
            b.watchPaths = watchPaths;
            b.watchIgnore = watchIgnore;
            b.watchDelayMs = watchDelayMs;
            b.instances = instances;
            b.watchdogMs = watchdogMs;
            b.clientEnv = clientEnv;
            b.orchestration = orchestration;
            b.logFiles = logFiles;
            b.listen = listen;
            return b;
        }

        /**
         * Short form kept for tests and benchmarks: the first twelve settings, the rest absent
         * (daemon defaults).
         */
        public StartArgs(String name, String script, List<String> args, String cwd, String interpreter,
                         Map<String, String> env, Boolean autorestart, Integer maxRestarts, Long minUptimeMs,
                         Long restartDelayMs, Boolean expBackoff, Long killTimeoutMs) {
            this(name, script, args, cwd, interpreter, env, autorestart, maxRestarts, minUptimeMs, restartDelayMs,
                    expBackoff, killTimeoutMs, null, null);
        }

        /** Short form kept for tests and benchmarks: as above, with the log size rotation settings. */
        public StartArgs(String name, String script, List<String> args, String cwd, String interpreter,
                         Map<String, String> env, Boolean autorestart, Integer maxRestarts, Long minUptimeMs,
                         Long restartDelayMs, Boolean expBackoff, Long killTimeoutMs, Long logMaxSize,
                         Integer logRetainCount) {
            this(builder(name, script).args(args).cwd(cwd).interpreter(interpreter).env(env).autorestart(autorestart)
                    .maxRestarts(maxRestarts).minUptimeMs(minUptimeMs).restartDelayMs(restartDelayMs).expBackoff(expBackoff)
                    .killTimeoutMs(killTimeoutMs).logMaxSize(logMaxSize).logRetainCount(logRetainCount));
        }

        private StartArgs(Builder b) {
            this(b.name, b.script, b.args, b.cwd, b.interpreter, b.env, b.autorestart, b.maxRestarts, b.minUptimeMs,
                    b.restartDelayMs, b.expBackoff, b.killTimeoutMs, b.logMaxSize, b.logRetainCount, b.waitReady,
                    b.listenTimeoutMs, b.shutdownWithMessage, b.maxMemoryRestart, b.cronRestart, b.watch, b.watchPaths,
                    b.watchIgnore, b.watchDelayMs, b.instances, b.watchdogMs, b.clientEnv, b.orchestration, b.logFiles,
                    b.listen);
        }

        /** These args with the log file settings {@code value} ({@link LogFileSettings} keys; null or empty: the defaults). */
        public StartArgs withLogFiles(Map<String, Object> value) {
            return toBuilder().logFiles(value).build();
        }

        /** These args with the listening sockets {@code value} ({@code ListenAddress} URIs; null or empty: none). */
        public StartArgs withListen(List<String> value) {
            return toBuilder().listen(value).build();
        }

        /** These args with the orchestration settings {@code value} (null or empty: none). */
        public StartArgs withOrchestration(Map<String, Object> value) {
            return toBuilder().orchestration(value).build();
        }

        /** These args sent with the environment of the client that sends them. */
        public StartArgs withClientEnv(Map<String, String> value) {
            return toBuilder().clientEnv(value).build();
        }

        /** Named construction of {@link StartArgs}; see {@link #builder}. */
        public static final class Builder {
            private String name;
            private String script;
            private List<String> args;
            private String cwd;
            private String interpreter;
            private Map<String, String> env;
            private Boolean autorestart;
            private Integer maxRestarts;
            private Long minUptimeMs;
            private Long restartDelayMs;
            private Boolean expBackoff;
            private Long killTimeoutMs;
            private Long logMaxSize;
            private Integer logRetainCount;
            private Boolean waitReady;
            private Long listenTimeoutMs;
            private Boolean shutdownWithMessage;
            private Long maxMemoryRestart;
            private String cronRestart;
            private Boolean watch;
            private List<String> watchPaths;
            private List<String> watchIgnore;
            private Long watchDelayMs;
            private Integer instances;
            private Long watchdogMs;
            private Map<String, String> clientEnv;
            private Map<String, Object> orchestration;
            private Map<String, Object> logFiles;
            private List<String> listen;

            private Builder() {
            }

            public Builder name(String value) {
                this.name = value;
                return this;
            }

            public Builder script(String value) {
                this.script = value;
                return this;
            }

            public Builder args(List<String> value) {
                this.args = value;
                return this;
            }

            public Builder cwd(String value) {
                this.cwd = value;
                return this;
            }

            public Builder interpreter(String value) {
                this.interpreter = value;
                return this;
            }

            public Builder env(Map<String, String> value) {
                this.env = value;
                return this;
            }

            public Builder autorestart(Boolean value) {
                this.autorestart = value;
                return this;
            }

            public Builder maxRestarts(Integer value) {
                this.maxRestarts = value;
                return this;
            }

            public Builder minUptimeMs(Long value) {
                this.minUptimeMs = value;
                return this;
            }

            public Builder restartDelayMs(Long value) {
                this.restartDelayMs = value;
                return this;
            }

            public Builder expBackoff(Boolean value) {
                this.expBackoff = value;
                return this;
            }

            public Builder killTimeoutMs(Long value) {
                this.killTimeoutMs = value;
                return this;
            }

            public Builder logMaxSize(Long value) {
                this.logMaxSize = value;
                return this;
            }

            public Builder logRetainCount(Integer value) {
                this.logRetainCount = value;
                return this;
            }

            public Builder waitReady(Boolean value) {
                this.waitReady = value;
                return this;
            }

            public Builder listenTimeoutMs(Long value) {
                this.listenTimeoutMs = value;
                return this;
            }

            public Builder shutdownWithMessage(Boolean value) {
                this.shutdownWithMessage = value;
                return this;
            }

            public Builder maxMemoryRestart(Long value) {
                this.maxMemoryRestart = value;
                return this;
            }

            public Builder cronRestart(String value) {
                this.cronRestart = value;
                return this;
            }

            public Builder watch(Boolean value) {
                this.watch = value;
                return this;
            }

            public Builder watchPaths(List<String> value) {
                this.watchPaths = value;
                return this;
            }

            public Builder watchIgnore(List<String> value) {
                this.watchIgnore = value;
                return this;
            }

            public Builder watchDelayMs(Long value) {
                this.watchDelayMs = value;
                return this;
            }

            public Builder instances(Integer value) {
                this.instances = value;
                return this;
            }

            public Builder watchdogMs(Long value) {
                this.watchdogMs = value;
                return this;
            }

            /** The environment of the client that sends the start. */
            public Builder clientEnv(Map<String, String> value) {
                this.clientEnv = value;
                return this;
            }

            /** The issue 19 keys with the names and value shapes of the TOML file ({@link OrchestrationSettings}): one parser reads them wherever they come from (TOML, REST JSON, MCP, state.bin); null or empty: none. */
            public Builder orchestration(Map<String, Object> value) {
                this.orchestration = value == null || value.isEmpty() ? null : value;
                return this;
            }

            /** The log file settings of issue 21 (the keys of {@link LogFileSettings} with their TOML names and shapes); null or empty: the defaults. */
            public Builder logFiles(Map<String, Object> value) {
                this.logFiles = value == null || value.isEmpty() ? null : value;
                return this;
            }

            /** The listening sockets of issue 20 ({@code ListenAddress} texts); null or empty: none. */
            public Builder listen(List<String> value) {
                this.listen = value == null || value.isEmpty() ? null : value;
                return this;
            }

            public StartArgs build() {
                return new StartArgs(this);
            }
        }
    }

    /**
     * {@code start.many} args: the apps in the order they start (ids follow it), and the sending
     * client's environment once for all of them (see {@link StartArgs}; an app's own
     * {@code clientEnv}, if set, wins). Null when the client sends none.
     */
    public record StartManyArgs(List<StartArgs> apps, Map<String, String> clientEnv) {
        public StartManyArgs(List<StartArgs> apps) {
            this(apps, null);
        }
    }

    /** Args of commands that act on a target. */
    public record TargetArgs(String target) {
    }

    /** {@code signal} args: {@code signal} is a name ({@code SIGHUP}, {@code HUP}) or a number. */
    public record SignalArgs(String target, String signal) {
    }

    /** {@code info} args: a target, and whether the environment (which may hold secrets) is wanted. */
    public record InfoArgs(String target, boolean showEnv) {
    }

    /**
     * {@code logs.read} / {@code logs.follow} args: newest {@code lines} lines of {@code target};
     * {@code stream} is out, err or all; {@code sinceMs} (0 = none) bounds how far back files are read.
     * {@code resume} ({@code logs.follow} only): a follower picking up after its connection broke
     * (a daemon restart) gets, instead of the newest lines, every line after its marks.
     */
    public record LogsArgs(String target, int lines, String stream, long sinceMs, FollowFrom resume) {
        public LogsArgs {
            java.util.Objects.requireNonNull(resume, "resume");
        }

        public LogsArgs(String target, int lines, String stream, long sinceMs) {
            this(target, lines, stream, sinceMs, FollowFrom.NONE);
        }

        public LogsArgs(String target, int lines, String stream) {
            this(target, lines, stream, 0);
        }
    }

    /**
     * Where a follower resumes ({@link LogsArgs#resume()}): after the last line it got of each app
     * and stream ({@code marks}), and for the others from {@code afterMs}, when it began following.
     * A line's place is its timestamp and its ordinal among the lines of its app and stream with
     * that timestamp ({@link LogEntry#ord()}). {@link #NONE} ({@code afterMs} -1): not a resume.
     */
    public record FollowFrom(long afterMs, List<FollowMark> marks) {
        public static final FollowFrom NONE = new FollowFrom(-1, List.of());

        public FollowFrom {
            marks = List.copyOf(marks);
        }

        public boolean isResume() {
            return afterMs >= 0;
        }
    }

    /** The last line a follower got of {@code name}'s {@code stream} (out, err): its timestamp and ordinal. */
    public record FollowMark(String name, String stream, long timestampMs, int ord) {
    }

    /**
     * {@code events} args: a subscriber picking up after its connection broke names the daemon
     * that sent its events ({@code resumePid}), the sequence number of the last one it got
     * ({@code afterSeq}, 0 for none) and when it subscribed ({@code afterMs}); the daemon first
     * sends what it still holds of the events it missed: all of its own when it is another daemon
     * (a successor's events all came after its predecessor's), else those after {@code afterSeq}
     * (with none yet, those since {@code afterMs}). {@link #LIVE}: only the events from now on.
     */
    public record EventsArgs(long resumePid, long afterSeq, long afterMs) {
        public static final EventsArgs LIVE = new EventsArgs(0, 0, 0);
    }

    /** One managed process as every client sees it. {@code status} is the numeric code, {@code statusStr} its name. */
    public record ProcessView(int id, String name, int pid, int status, String statusStr, long memoryBytes, long uptimeMs,
                              int restartCount, double cpuPercent, int consecutiveCrashes, long lastRestartMs,
                              String script, List<String> args, String cwd, String interpreter, long killTimeoutMs,
                              boolean autorestart, int maxRestarts, long minUptimeMs, long restartDelayMs,
                              boolean expBackoff, int lastExitCode, int lastSignal, long startedAtMs, boolean waitReady,
                              long listenTimeoutMs, boolean shutdownWithMessage, long maxMemoryRestart, String cronRestart,
                              String lastRestartReason, boolean watch, List<String> watchPaths, List<String> watchIgnore,
                              long watchDelayMs, String statusText, String logError, Map<String, String> env,
                              long logLinesOut, long logLinesErr, Map<String, Object> orchestration,
                              Map<String, Object> orchestrationState, Map<String, Object> logFiles,
                              List<String> listen) {
        /**
         * A view without the log files of issue 21 and the listening sockets of issue 20:
         * {@code logFiles} holds {@code out_file}/{@code error_file} (the files the app's stdout and
         * stderr go to now, {@code /dev/null} when discarded), {@code log_dropped_lines} (lines lost
         * because the log writer could not keep up) and the app's log keys that differ from the
         * defaults, TOML-shaped ({@link LogFileSettings}); empty from a daemon that does not say.
         * {@code listen} is the {@code ListenAddress} texts velos holds for the app.
         */
        public ProcessView(int id, String name, int pid, int status, String statusStr, long memoryBytes, long uptimeMs,
                           int restartCount, double cpuPercent, int consecutiveCrashes, long lastRestartMs,
                           String script, List<String> args, String cwd, String interpreter, long killTimeoutMs,
                           boolean autorestart, int maxRestarts, long minUptimeMs, long restartDelayMs,
                           boolean expBackoff, int lastExitCode, int lastSignal, long startedAtMs, boolean waitReady,
                           long listenTimeoutMs, boolean shutdownWithMessage, long maxMemoryRestart, String cronRestart,
                           String lastRestartReason, boolean watch, List<String> watchPaths, List<String> watchIgnore,
                           long watchDelayMs, String statusText, String logError, Map<String, String> env,
                           long logLinesOut, long logLinesErr, Map<String, Object> orchestration,
                           Map<String, Object> orchestrationState) {
            this(id, name, pid, status, statusStr, memoryBytes, uptimeMs, restartCount, cpuPercent, consecutiveCrashes,
                    lastRestartMs, script, args, cwd, interpreter, killTimeoutMs, autorestart, maxRestarts, minUptimeMs,
                    restartDelayMs, expBackoff, lastExitCode, lastSignal, startedAtMs, waitReady, listenTimeoutMs,
                    shutdownWithMessage, maxMemoryRestart, cronRestart, lastRestartReason, watch, watchPaths, watchIgnore,
                    watchDelayMs, statusText, logError, env, logLinesOut, logLinesErr, orchestration, orchestrationState,
                    Map.of(), List.of());
        }

        /** The file stdout goes to ({@code /dev/null} when discarded), "" when the daemon did not say. */
        public String outFile() {
            return String.valueOf(logFiles.getOrDefault(LogFileSettings.OUT_FILE, ""));
        }

        /** The file stderr goes to, as {@link #outFile()}. */
        public String errorFile() {
            return String.valueOf(logFiles.getOrDefault(LogFileSettings.ERROR_FILE, ""));
        }

        /** Lines lost since the daemon started because its log writer could not keep up. */
        public long logDroppedLines() {
            return logFiles.get(LogFileSettings.DROPPED_LINES) instanceof Number n ? n.longValue() : 0;
        }

        /**
         * A view without orchestration: {@code orchestration} is the app's issue 19 settings in the
         * TOML shape ({@link OrchestrationSettings#render}), {@code orchestrationState} where they
         * stand (waiting reason, probes, job runs, cgroup); both empty for a plain app.
         */
        public ProcessView(int id, String name, int pid, int status, String statusStr, long memoryBytes, long uptimeMs,
                           int restartCount, double cpuPercent, int consecutiveCrashes, long lastRestartMs,
                           String script, List<String> args, String cwd, String interpreter, long killTimeoutMs,
                           boolean autorestart, int maxRestarts, long minUptimeMs, long restartDelayMs,
                           boolean expBackoff, int lastExitCode, int lastSignal, long startedAtMs, boolean waitReady,
                           long listenTimeoutMs, boolean shutdownWithMessage, long maxMemoryRestart, String cronRestart,
                           String lastRestartReason, boolean watch, List<String> watchPaths, List<String> watchIgnore,
                           long watchDelayMs, String statusText, String logError, Map<String, String> env,
                           long logLinesOut, long logLinesErr) {
            this(id, name, pid, status, statusStr, memoryBytes, uptimeMs, restartCount, cpuPercent, consecutiveCrashes,
                    lastRestartMs, script, args, cwd, interpreter, killTimeoutMs, autorestart, maxRestarts, minUptimeMs,
                    restartDelayMs, expBackoff, lastExitCode, lastSignal, startedAtMs, waitReady, listenTimeoutMs,
                    shutdownWithMessage, maxMemoryRestart, cronRestart, lastRestartReason, watch, watchPaths, watchIgnore,
                    watchDelayMs, statusText, logError, env, logLinesOut, logLinesErr, Map.of(), Map.of());
        }

        /**
         * A view without the log-writing condition, the environment and the line counters:
         * {@code logError} is "" while the app's log files are written, else why they are not (disk
         * full...); {@code env} is empty unless the client asked for it ({@code info --show-env}), so
         * secrets stay out of lists; {@code logLinesOut}/{@code logLinesErr} count the lines captured
         * on each stream since the daemon started.
         */
        public ProcessView(int id, String name, int pid, int status, String statusStr, long memoryBytes, long uptimeMs,
                           int restartCount, double cpuPercent, int consecutiveCrashes, long lastRestartMs,
                           String script, List<String> args, String cwd, String interpreter, long killTimeoutMs,
                           boolean autorestart, int maxRestarts, long minUptimeMs, long restartDelayMs,
                           boolean expBackoff, int lastExitCode, int lastSignal, long startedAtMs, boolean waitReady,
                           long listenTimeoutMs, boolean shutdownWithMessage, long maxMemoryRestart, String cronRestart,
                           String lastRestartReason, boolean watch, List<String> watchPaths, List<String> watchIgnore,
                           long watchDelayMs, String statusText) {
            this(id, name, pid, status, statusStr, memoryBytes, uptimeMs, restartCount, cpuPercent, consecutiveCrashes,
                    lastRestartMs, script, args, cwd, interpreter, killTimeoutMs, autorestart, maxRestarts, minUptimeMs,
                    restartDelayMs, expBackoff, lastExitCode, lastSignal, startedAtMs, waitReady, listenTimeoutMs,
                    shutdownWithMessage, maxMemoryRestart, cronRestart, lastRestartReason, watch, watchPaths, watchIgnore,
                    watchDelayMs, statusText, "", Map.of(), 0, 0);
        }

        /** A view without channel or trigger settings (defaults: no wait-ready, 8000 ms, no limit, no cron). */
        public ProcessView(int id, String name, int pid, int status, String statusStr, long memoryBytes, long uptimeMs,
                           int restartCount, double cpuPercent, int consecutiveCrashes, long lastRestartMs,
                           String script, List<String> args, String cwd, String interpreter, long killTimeoutMs,
                           boolean autorestart, int maxRestarts, long minUptimeMs, long restartDelayMs,
                           boolean expBackoff, int lastExitCode, int lastSignal, long startedAtMs) {
            this(id, name, pid, status, statusStr, memoryBytes, uptimeMs, restartCount, cpuPercent, consecutiveCrashes,
                    lastRestartMs, script, args, cwd, interpreter, killTimeoutMs, autorestart, maxRestarts, minUptimeMs,
                    restartDelayMs, expBackoff, lastExitCode, lastSignal, startedAtMs, false, 8000, false, 0, "", "", false,
                    List.of(), List.of(), 1000, "");
        }
    }

    /**
     * A stored line; {@code level} is the classifier's verdict ({@code Level.lowerName()}), decided
     * once by the daemon — "" from a daemon that does not send it, when {@link #knownLevel()} is empty.
     * {@code ord}: its place among the lines of its app and stream with the same timestamp (from 1),
     * where a follower resumes ({@link FollowFrom}); 0 for a line from velos itself or an older daemon.
     */
    public record LogEntry(int id, String name, String stream, long timestampMs, String text, boolean continued,
                           String level, int ord) {
        public LogEntry(int id, String name, String stream, long timestampMs, String text, boolean continued) {
            this(id, name, stream, timestampMs, text, continued, "");
        }

        public LogEntry(int id, String name, String stream, long timestampMs, String text, boolean continued, String level) {
            this(id, name, stream, timestampMs, text, continued, level, 0);
        }

        /** The level the daemon decided, if it sent one. */
        public java.util.Optional<dev.velos.model.Level> knownLevel() {
            return level.isEmpty() ? java.util.Optional.empty() : dev.velos.model.Level.parse(level);
        }

        /**
         * The daemon's level, or — for a line from a daemon that sends none — its stream's default
         * (stderr: warn, stdout: info), for clients without the log engine (web).
         */
        public dev.velos.model.Level levelOrDefault() {
            return knownLevel().orElseGet(() -> dev.velos.model.LogStream.ofShortName(stream).defaultLevel());
        }
    }

    /** {@code ping} result. */
    public record Pong(String version, long pid, long uptimeMs) {
    }

    /** {@code save} result. */
    public record SaveResult(int saved, String path) {
    }

    /** {@code resurrect} result: names started, names kept stopped, names skipped because they already exist. */
    public record ResurrectResult(List<String> started, List<String> stopped, List<String> skipped, String source) {
    }

    /**
     * {@code logs.summary} / {@code logs.dedupe} args: which lines to analyse (as {@link LogsArgs}) and
     * the filters applied before analysing: {@code untilMs} (0 = none), {@code levels} (comma list,
     * "" = all), {@code grep} (RE2 pattern, "" = none).
     */
    public record LogsQuery(String target, int lines, String stream, long sinceMs, long untilMs, String levels,
                            String grep) {
    }

    /** One top pattern of a summary; {@code trend} is rising, stable or declining. */
    public record PatternView(String template, long count, String trend) {
    }

    /** One anomaly of a summary; {@code metric} error_rate or log_volume, {@code severity} Warning or Critical. */
    public record AnomalyView(String metric, double currentValue, double mean, double stdDev, double sigma,
                              long timestampMs, String severity) {
    }

    /** A log summary (REFERENCE §9.6); {@code lastError}/{@code lastErrorMs} are absent when there was none. */
    public record SummaryView(String processName, long periodStartMs, long periodEndMs, long totalLines,
                              Map<String, Long> byLevel, List<PatternView> topPatterns, List<AnomalyView> anomalies,
                              String lastError, Long lastErrorMs, int healthScore) {
    }

    /** One dedupe group; {@code level} capitalised as in {@code --json}. */
    public record DedupView(String template, long count, long firstSeenMs, long lastSeenMs, String level, String sample) {
    }

    /** {@code scale} args: {@code count} is {@code N}, {@code +N}, {@code -N} (relative to the live instances) or {@code max}. */
    public record ScaleArgs(String name, String count) {
    }

    /** {@code scale} result. */
    public record ScaleResult(String name, int started, int stopped, int target) {
    }

    /**
     * {@code config.set} args: {@code changes} maps setting names (those of {@link AppSettings}, or
     * the velos.toml spellings such as {@code kill_timeout}) to new values; an {@code env} value is
     * an object whose null entries remove variables. {@code restart} restarts running apps now.
     */
    public record ConfigSetArgs(String target, Map<String, Object> changes, boolean restart) {
    }

    /**
     * The editable settings of one app, as {@code config.get} and {@code config.set} report them.
     * The environment is reported by variable name only ({@code envKeys}): values may be secrets.
     */
    public record AppSettings(String name, String script, List<String> args, String cwd, String interpreter,
                              List<String> envKeys, boolean autorestart, int maxRestarts, long minUptimeMs,
                              long restartDelayMs, boolean expBackoff, long killTimeoutMs, long maxMemoryRestart,
                              String cronRestart, boolean watch, List<String> watchPaths, List<String> watchIgnore,
                              long watchDelayMs, boolean waitReady, long listenTimeoutMs, boolean shutdownWithMessage) {
    }

    /** {@code config.set} result: the apps' settings after the change, the names changed, and whether they restarted. */
    public record ConfigSetResult(List<AppSettings> apps, List<String> changed, boolean restarted) {
    }

    /**
     * One lifecycle event of the {@code events} stream. {@code type}: start, restart, exit, crash,
     * restart_scheduled, memory_restart, triggered_restart, errored (crash loop), spawn_failed,
     * ready, stop, delete. {@code pid} 0 and {@code exitCode} -1 when the event has none;
     * {@code reason} is a restart trigger or failure message ("" otherwise). {@code seq} numbers
     * the daemon's events from 1 (0 from an older daemon): where a subscriber resumes ({@link EventsArgs}).
     */
    public record EventView(String type, int id, String name, long atMs, int pid, int exitCode, int signal,
                            String reason, long seq) {
        public EventView(String type, int id, String name, long atMs, int pid, int exitCode, int signal, String reason) {
            this(type, id, name, atMs, pid, exitCode, signal, reason, 0);
        }

        /** This event numbered {@code value}. */
        public EventView withSeq(long value) {
            return new EventView(type, id, name, atMs, pid, exitCode, signal, reason, value);
        }
    }

    /**
     * {@code kill} result: the daemon is stopping, with the apps it is stopping — every one with a
     * live process, whether this daemon started it or took it over (a daemon restart, a crash).
     */
    public record KillResult(boolean stopping, int apps) {
    }

    /** {@code daemon.stats} result: the daemon's resident memory, uptime and IPC requests served so far. */
    public record DaemonStats(String version, long pid, long uptimeMs, long memoryBytes, long ipcRequests) {
    }

    /** {@code daemon.restart} args: the launcher to start the successor with ("" = the one this daemon was started with). */
    public record DaemonRestartArgs(String launcher) {
    }

    /** {@code daemon.restart} result: the old and the new daemon's pids, and how many apps were handed over. */
    public record DaemonRestartResult(long oldPid, long newPid, int apps) {
    }
}
