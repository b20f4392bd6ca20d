// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.ipc.WireTypes;
import dev.velos.logs.LogPolicy;
import dev.velos.model.AppNames;
import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.JobRun;
import dev.velos.model.ListenAddress;
import dev.velos.model.LogFileSettings;
import dev.velos.model.LogSettings;
import dev.velos.model.OrchestrationInfo;
import dev.velos.model.OrchestrationSettings;
import dev.velos.model.ProbeStatus;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ReadyPolicy;
import dev.velos.model.RestartPolicy;
import dev.velos.model.RestartTriggers;
import dev.velos.model.VelosException;
import dev.velos.model.WatchPolicy;

/** Conversions between the supervisor's records and the wire records. */
final class Views {
    private Views() {
    }

    static WireTypes.ProcessView of(ProcessInfo p) {
        return of(p, LogFacts.NONE, false);
    }

    /** What the log store says of one app for its view: why it is not written, lines captured and dropped, its files. */
    record LogFacts(String writeError, long linesOut, long linesErr, long dropped, String outFile, String errorFile) {
        static final LogFacts NONE = new LogFacts("", 0, 0, 0, "", "");
    }

    /**
     * The view of {@code p} with why its logs are not written ({@code logError}, "" when they are)
     * and, only when {@code withEnv}, its environment: env values are often secrets, so lists and
     * plain {@code info} never carry them; {@code linesOut}/{@code linesErr} are the lines captured
     * on each stream since the daemon started.
     */
    static WireTypes.ProcessView of(ProcessInfo p, LogFacts logs, boolean withEnv) {
        AppSpec s = p.spec();
        RestartPolicy r = s.restart();
        return new WireTypes.ProcessView(p.id(), p.name(), p.pid(), p.status().code(), p.status().wireName(),
                p.memoryBytes(), p.uptimeMillis(), p.restartCount(), p.cpuPercent(), p.consecutiveCrashes(),
                p.lastRestartAt().toEpochMilli(), s.script(), s.args(), s.cwd().toString(), s.interpreter(),
                r.killTimeout().toMillis(), r.autorestart(), r.maxRestarts(), r.minUptime().toMillis(),
                r.restartDelay().toMillis(), r.expBackoff(), p.lastExit().isKnown() ? p.lastExit().code() : -1,
                p.lastExit().signal(), p.startedAt().toEpochMilli(), s.ready().waitReady(), s.ready().listenTimeout().toMillis(),
                s.ready().shutdownWithMessage(), s.triggers().maxMemoryBytes(), s.triggers().cronRestart(),
                p.lastRestartReason(), s.triggers().watch().enabled(), s.triggers().watch().paths(),
                s.triggers().watch().ignore(), s.triggers().watch().delay().toMillis(), p.statusText(), logs.writeError(),
                withEnv ? Map.copyOf(s.env()) : Map.of(), logs.linesOut(), logs.linesErr(),
                OrchestrationSettings.render(s, SignalNames::name), state(p), logFiles(s.logs(), logs),
                s.listen().stream().map(ListenAddress::toString).toList());
    }

    /** What a view says of an app's log files: where each stream goes, lines dropped, its log keys that differ from the defaults. */
    static Map<String, Object> logFiles(LogSettings l, LogFacts logs) {
        Map<String, Object> out = new LinkedHashMap<>(LogFileSettings.render(l));
        if (l.maxBytes() != LogSettings.DEFAULT.maxBytes()) {
            out.put("log_max_size", l.maxBytes());
        }
        if (l.retainCount() != LogSettings.DEFAULT.retainCount()) {
            out.put("log_retain_count", (long) l.retainCount());
        }
        if (!logs.outFile().isEmpty()) {
            out.put(LogFileSettings.OUT_FILE, logs.outFile());
            out.put(LogFileSettings.ERROR_FILE, logs.errorFile());
            out.put(LogFileSettings.DROPPED_LINES, logs.dropped());
        }
        return out;
    }

    /**
     * Where {@code p}'s orchestration stands, for {@code info} and the JSON views: why it waits,
     * its probes, its job runs (oldest first), its cgroup; empty for an app without any of it.
     */
    static Map<String, Object> state(ProcessInfo p) {
        OrchestrationInfo o = p.orchestration();
        if (o.equals(OrchestrationInfo.NONE) && !p.spec().orchestration().readiness().isEnabled()
                && !p.spec().orchestration().liveness().isEnabled()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (!o.waitingReason().isEmpty()) {
            out.put("waiting_reason", o.waitingReason());
        }
        if (p.spec().orchestration().readiness().isEnabled()) {
            out.put("readiness", probe(o.readiness()));
        }
        if (p.spec().orchestration().liveness().isEnabled()) {
            out.put("liveness", probe(o.liveness()));
        }
        if (!o.runs().isEmpty()) {
            List<Object> runs = new ArrayList<>(o.runs().size());
            for (JobRun run : o.runs()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("trigger", run.trigger());
                r.put("outcome", run.outcome());
                r.put("start_ms", run.start().toEpochMilli());
                r.put("end_ms", run.end().toEpochMilli());
                r.put("exit_code", run.exit().isKnown() && !run.exit().killedBySignal() ? (long) run.exit().code() : -1L);
                r.put("signal", (long) run.exit().signal());
                r.put("duration_ms", run.duration().toMillis());
                runs.add(r);
            }
            out.put("runs", runs);
        }
        if (!o.cgroup().isEmpty()) {
            out.put("cgroup", o.cgroup());
        }
        if (o.oomKills() > 0) {
            out.put("oom_kills", o.oomKills());
        }
        return out;
    }

    private static Map<String, Object> probe(ProbeStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", s.state().wireName());
        out.put("last_result", s.lastResult());
        out.put("last_at_ms", s.lastAt().toEpochMilli());
        out.put("consecutive_failures", (long) s.consecutiveFailures());
        out.put("total_failures", s.totalFailures());
        return out;
    }

    /** The spec a start request describes, with the daemon's defaults for what it leaves out. */
    static AppSpec spec(WireTypes.StartArgs a) {
        return spec(a, null);
    }

    /**
     * The spec a start request describes; its env is the request's client environment
     * ({@code a.clientEnv()}, else {@code clientEnv}, minus velos's variables: {@link ClientEnvironment})
     * with the app's own env over it.
     */
    static AppSpec spec(WireTypes.StartArgs a, Map<String, String> clientEnv) {
        if (a.script() == null || a.script().isBlank()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "a script is required");
        }
        // Checked here, before the ':N' suffix is parsed: a client other than the CLI may send anything.
        String name = AppNames.requireValid(a.name() == null || a.name().isBlank() ? defaultName(a.script()) : a.name());
        long killTimeout = orDefault(a.killTimeoutMs(), 5000L);
        if (killTimeout < 100) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "kill_timeout must be >= 100 ms, got " + killTimeout);
        }
        RestartPolicy policy = new RestartPolicy(orDefault(a.autorestart(), true), orDefault(a.maxRestarts(), 15),
                Duration.ofMillis(positiveOr(a.minUptimeMs(), 1000L)), Duration.ofMillis(orDefault(a.restartDelayMs(), 0L)),
                orDefault(a.expBackoff(), false), Duration.ofMillis(killTimeout));
        ReadyPolicy ready = new ReadyPolicy(orDefault(a.waitReady(), false),
                Duration.ofMillis(positiveOr(a.listenTimeoutMs(), 8000L)), orDefault(a.shutdownWithMessage(), false),
                Duration.ofMillis(Math.max(0, orDefault(a.watchdogMs(), 0L))));
        long maxMemory = orDefault(a.maxMemoryRestart(), 0L);
        WatchPolicy watch = new WatchPolicy(orDefault(a.watch(), false), a.watchPaths() == null ? List.of() : a.watchPaths(),
                a.watchIgnore() == null ? List.of() : a.watchIgnore(), Duration.ofMillis(positiveOr(a.watchDelayMs(), 1000L)));
        RestartTriggers triggers = new RestartTriggers(Math.max(0, maxMemory), a.cronRestart() == null ? "" : a.cronRestart(),
                watch);
        AppSpec.Builder b = AppSpec.builder(name, a.script()).restart(policy).ready(ready).triggers(triggers)
                .args(a.args() == null ? List.of() : a.args())
                .interpreter(a.interpreter() == null ? "" : a.interpreter())
                .env(ClientEnvironment.forApp(a.clientEnv() != null ? a.clientEnv() : clientEnv, a.env()));
        if (a.cwd() != null && !a.cwd().isBlank()) {
            b.cwd(java.nio.file.Path.of(a.cwd()));
        }
        b.logs(logSettings(a)).listen(listen(a.listen()));
        int colon = name.lastIndexOf(':');
        if (colon > 0) {
            // A saved cluster instance ("api:2") comes back as that instance, with its index in the env.
            b.instance(Integer.parseInt(name.substring(colon + 1)));
        }
        if (a.orchestration() == null || a.orchestration().isEmpty()) {
            return b.build();
        }
        return OrchestrationSettings.parseOrThrow(a.orchestration(), SignalNames::parse).applyTo(b.build());
    }

    /** The log settings a start request asks for, the defaults for what it leaves out; checked (a bad value is a clear error). */
    static LogSettings logSettings(WireTypes.StartArgs a) {
        return LogFileSettings.parse(a.logFiles(), a.logMaxSize(), a.logRetainCount());
    }

    private static List<ListenAddress> listen(List<String> uris) {
        return uris == null ? List.of() : uris.stream().map(ListenAddress::parse).toList();
    }

    /** The start arguments that recreate {@code spec}, its log settings and listening sockets included. */
    static WireTypes.StartArgs args(AppSpec s) {
        return WireTypes.StartArgs.of(s, SignalNames::name);
    }

    /** The log store's policy for {@code spec}: its log settings, out_file and error_file resolved against its cwd. */
    static LogPolicy logPolicy(AppSpec spec) {
        return LogPolicy.of(spec.logs(), spec.cwd());
    }

    /** {@code server.js} → {@code server}, {@code ./bin/app} → {@code app}, fallback {@code app}. */
    static String defaultName(String script) {
        String file = java.nio.file.Path.of(script).getFileName() == null ? "" : java.nio.file.Path.of(script).getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        return stem.matches("[A-Za-z0-9._-]{1,64}") && !stem.equals(".") && !stem.equals("..") ? stem : "app";
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static long positiveOr(Long value, long fallback) {
        return value == null || value <= 0 ? fallback : value;
    }
}
