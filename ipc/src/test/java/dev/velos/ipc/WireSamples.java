// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.model.ErrorCode;

/**
 * One message per command and answer, every field set to a value that is not its default, as the
 * fixtures under {@code wire-v1/} hold them: those bytes were written by the codec of velos 0.1.0
 * (Jackson databind over MessagePackFactory), so the tests compare today's codec against what an
 * older client or daemon really sends.
 */
final class WireSamples {
    private WireSamples() {
    }

    /** A fixture: its file name (without {@code .msgpack}) and the message, as request/answer/event/error. */
    record Sample(String file, Kind kind, String cmd, Object value) {
    }

    enum Kind { REQUEST, OK, EVENT, ERROR }

    static final WireTypes.StartArgs FULL_START = WireTypes.StartArgs.builder("api", "/srv/api/server.js")
            .args(List.of("--port", "8080", "héllo wörld")).cwd("/srv/api").interpreter("node")
            .env(env("NODE_ENV", "production", "TOKEN", "s3cr=t")).autorestart(false).maxRestarts(7).minUptimeMs(2500L)
            .restartDelayMs(300L).expBackoff(true).killTimeoutMs(8000L).logMaxSize(52_428_800L).logRetainCount(12)
            .waitReady(true).listenTimeoutMs(15_000L).shutdownWithMessage(true).maxMemoryRestart(209_715_200L)
            .cronRestart("*/5 * * * *").watch(true).watchPaths(List.of("src", "lib")).watchIgnore(List.of("node_modules", "*.log"))
            .watchDelayMs(750L).instances(4).watchdogMs(60_000L).build();
    static final WireTypes.StartArgs MINIMAL_START = WireTypes.StartArgs.builder("", "worker.sh").args(List.of()).env(Map.of()).build();

    static final WireTypes.ProcessView FULL_VIEW = new WireTypes.ProcessView(3, "api:1", 4242, 1, "online", 52_428_800L,
            98_765L, 2, 12.75, 1, 1_733_300_000_123L, "/srv/api/server.js", List.of("--port", "8080"), "/srv/api", "node",
            8000L, true, 7, 2500L, 300L, true, 137, 9, 1_733_300_100_456L, true, 15_000L, true, 209_715_200L,
            "*/5 * * * *", "watch", true, List.of("src", "lib"), List.of("node_modules"), 750L, "listening on :8080 ✓",
            "disk full", env("NODE_ENV", "production"), 1234L, 56L);
    static final WireTypes.ProcessView STOPPED_VIEW = new WireTypes.ProcessView(4, "worker", 0, 0, "stopped", 0L, 0L, 0,
            0.0, 0, 0L, "worker.sh", List.of(), "/home/u", "", 5000L, false, 15, 1000L, 0L, false, -1, 0, 0L, false, 8000L,
            false, 0L, "", "", false, List.of(), List.of(), 1000L, "", "", Map.of(), 0L, 0L);

    static final WireTypes.LogEntry LINE = new WireTypes.LogEntry(3, "api:1", "err", 1_733_300_000_789L,
            "ERROR: connection timeout 🚀 \"quoted\" \\ tab\t", true);
    static final WireTypes.EventView EVENT = new WireTypes.EventView("crash", 3, "api:1", 1_733_300_000_999L, 4242, 137, 9,
            "exit code 137");

    static final WireTypes.SummaryView SUMMARY = new WireTypes.SummaryView("api", 1_733_300_000_000L, 1_733_300_060_000L,
            420L, longs("error", 3L, "info", 400L, "warn", 17L), List.of(new WireTypes.PatternView("served in <N> ms", 380L,
            "rising"), new WireTypes.PatternView("ERROR: connection timeout", 3L, "stable")),
            List.of(new WireTypes.AnomalyView("error_rate", 0.25, 0.01, 0.02, 12.0, 1_733_300_030_000L, "Critical")),
            "FATAL: unrecoverable error in worker", 1_733_300_059_000L, 71);
    static final WireTypes.SummaryView QUIET_SUMMARY = new WireTypes.SummaryView("worker", 0L, 0L, 0L, Map.of(), List.of(),
            List.of(), null, null, 100);

    static final WireTypes.AppSettings SETTINGS = new WireTypes.AppSettings("api", "/srv/api/server.js",
            List.of("--port", "8080"), "/srv/api", "node", List.of("NODE_ENV", "TOKEN"), true, 7, 2500L, 300L, true, 8000L,
            209_715_200L, "*/5 * * * *", true, List.of("src"), List.of("*.log"), 750L, true, 15_000L, true);

    static Map<String, Object> configChanges() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("ADDED", "1");
        env.put("REMOVED", null);
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("kill_timeout", 3000L);
        changes.put("env", env);
        changes.put("watch_paths", List.of("src", "lib"));
        changes.put("exp_backoff", true);
        changes.put("max_memory_restart", "200M");
        changes.put("restart_delay_ms", 1.5);
        return changes;
    }

    static List<Sample> all() {
        WireTypes.LogsQuery query = new WireTypes.LogsQuery("api", 1000, "err", 1_733_300_000_000L, 1_733_300_060_000L,
                "error,warn", "time(out)?");
        return List.of(
                new Sample("request-ping", Kind.REQUEST, Commands.PING, Map.of()),
                new Sample("request-list", Kind.REQUEST, Commands.LIST, Map.of()),
                new Sample("request-start-full", Kind.REQUEST, Commands.START, FULL_START),
                new Sample("request-start-minimal", Kind.REQUEST, Commands.START, MINIMAL_START),
                new Sample("request-start-many", Kind.REQUEST, Commands.START_MANY,
                        new WireTypes.StartManyArgs(List.of(FULL_START, MINIMAL_START))),
                new Sample("request-stop", Kind.REQUEST, Commands.STOP, new WireTypes.TargetArgs("api")),
                new Sample("request-info", Kind.REQUEST, Commands.INFO, new WireTypes.InfoArgs("api:1", true)),
                new Sample("request-signal", Kind.REQUEST, Commands.SIGNAL, new WireTypes.SignalArgs("api", "SIGUSR1")),
                new Sample("request-logs-read", Kind.REQUEST, Commands.LOGS_READ,
                        new WireTypes.LogsArgs("api", 100, "err", 1_733_300_000_000L)),
                new Sample("request-logs-summary", Kind.REQUEST, Commands.LOGS_SUMMARY, query),
                new Sample("request-scale", Kind.REQUEST, Commands.SCALE, new WireTypes.ScaleArgs("api", "+2")),
                new Sample("request-config-set", Kind.REQUEST, Commands.CONFIG_SET,
                        new WireTypes.ConfigSetArgs("api", configChanges(), true)),
                new Sample("answer-list", Kind.OK, Commands.LIST, List.of(FULL_VIEW, STOPPED_VIEW)),
                new Sample("answer-ping", Kind.OK, Commands.PING, new WireTypes.Pong("0.1.0", 31337L, 86_400_000L)),
                new Sample("answer-logs-read", Kind.OK, Commands.LOGS_READ, List.of(LINE, LINE)),
                new Sample("answer-save", Kind.OK, Commands.SAVE, new WireTypes.SaveResult(5, "/home/u/.velos/dump.bin")),
                new Sample("answer-resurrect", Kind.OK, Commands.RESURRECT, new WireTypes.ResurrectResult(
                        List.of("api:0", "api:1"), List.of("worker"), List.of("web"), "dump.bin")),
                new Sample("answer-scale", Kind.OK, Commands.SCALE, new WireTypes.ScaleResult("api", 2, 0, 4)),
                new Sample("answer-summary", Kind.OK, Commands.LOGS_SUMMARY, SUMMARY),
                new Sample("answer-summary-quiet", Kind.OK, Commands.LOGS_SUMMARY, QUIET_SUMMARY),
                new Sample("answer-dedupe", Kind.OK, Commands.LOGS_DEDUPE, List.of(new WireTypes.DedupView(
                        "served in <N> ms", 380L, 1_733_300_000_000L, 1_733_300_059_000L, "Info", "served in 12 ms"))),
                new Sample("answer-config-get", Kind.OK, Commands.CONFIG_GET, List.of(SETTINGS)),
                new Sample("answer-config-set", Kind.OK, Commands.CONFIG_SET,
                        new WireTypes.ConfigSetResult(List.of(SETTINGS), List.of("env", "kill_timeout_ms"), true)),
                new Sample("answer-logs-flush", Kind.OK, Commands.LOGS_FLUSH, List.of("api:0", "api:1")),
                new Sample("answer-kill", Kind.OK, Commands.KILL, Map.of("stopping", true)),
                new Sample("answer-daemon-stats", Kind.OK, Commands.DAEMON_STATS,
                        new WireTypes.DaemonStats("0.1.0", 31337L, 86_400_000L, 33_554_432L, 12_345L)),
                new Sample("answer-error", Kind.ERROR, Commands.STOP, "process 'nope' not found; run 'velos list' to see the names"),
                new Sample("event-log", Kind.EVENT, Commands.LOGS_FOLLOW, LINE),
                new Sample("event-lifecycle", Kind.EVENT, Commands.EVENTS, EVENT));
    }

    /** The error code of the {@code answer-error} sample. */
    static final ErrorCode ERROR_CODE = ErrorCode.NOT_FOUND;
    /** The id every fixture carries. */
    static final long ID = 42;

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Long> longs(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Long) kv[i + 1]);
        }
        return m;
    }
}
