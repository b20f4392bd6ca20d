// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.List;
import java.util.Map;

import dev.velos.ipc.WireTypes.DaemonStats;
import dev.velos.ipc.WireTypes.EventView;
import dev.velos.ipc.WireTypes.InfoArgs;
import dev.velos.ipc.WireTypes.Pong;
import dev.velos.ipc.WireTypes.ResurrectResult;
import dev.velos.ipc.WireTypes.SaveResult;
import dev.velos.ipc.WireTypes.ScaleArgs;
import dev.velos.ipc.WireTypes.ScaleResult;
import dev.velos.ipc.WireTypes.SignalArgs;
import dev.velos.ipc.WireTypes.TargetArgs;

/**
 * The wire form of the small command records, and the one place that maps a record to its codec
 * ({@link #write}), so the server can answer with any {@link WireTypes} record. The app and log
 * records are in {@link ProcessCodecs} and {@link LogCodecs}.
 */
public final class WireCodecs {
    private WireCodecs() {
    }

    public static final WireCodec<TargetArgs> TARGET_ARGS = WireCodec.record("target args",
            (w, a) -> w.str("target", a.target()),
            f -> new TargetArgs(f.requiredStr("target")));

    public static final WireCodec<SignalArgs> SIGNAL_ARGS = WireCodec.record("signal args",
            (w, a) -> w
                    .str("target", a.target())
                    .str("signal", a.signal()),
            f -> new SignalArgs(
                    f.requiredStr("target"),
                    f.requiredStr("signal")));

    public static final WireCodec<InfoArgs> INFO_ARGS = WireCodec.record("info args",
            (w, a) -> w
                    .str("target", a.target())
                    .bool("show_env", a.showEnv()),
            f -> new InfoArgs(
                    f.requiredStr("target"),
                    f.bool("show_env")));

    public static final WireCodec<ScaleArgs> SCALE_ARGS = WireCodec.record("scale args",
            (w, a) -> w
                    .str("name", a.name())
                    .str("count", a.count()),
            f -> new ScaleArgs(
                    f.requiredStr("name"),
                    f.requiredStr("count")));

    public static final WireCodec<Pong> PONG = WireCodec.record("pong",
            (w, p) -> w
                    .str("version", p.version())
                    .i64("pid", p.pid())
                    .i64("uptime_ms", p.uptimeMs()),
            f -> new Pong(
                    f.str("version"),
                    f.i64("pid"),
                    f.i64("uptime_ms")));

    public static final WireCodec<SaveResult> SAVE_RESULT = WireCodec.record("save result",
            (w, r) -> w
                    .i64("saved", r.saved())
                    .str("path", r.path()),
            f -> new SaveResult(
                    f.i32("saved"),
                    f.str("path")));

    public static final WireCodec<ResurrectResult> RESURRECT_RESULT = WireCodec.record("resurrect result",
            (w, r) -> w
                    .value("started", r.started())
                    .value("stopped", r.stopped())
                    .value("skipped", r.skipped())
                    .str("source", r.source()),
            f -> new ResurrectResult(
                    f.strings("started"),
                    f.strings("stopped"),
                    f.strings("skipped"),
                    f.str("source")));

    public static final WireCodec<ScaleResult> SCALE_RESULT = WireCodec.record("scale result",
            (w, r) -> w
                    .str("name", r.name())
                    .i64("started", r.started())
                    .i64("stopped", r.stopped())
                    .i64("target", r.target()),
            f -> new ScaleResult(
                    f.str("name"),
                    f.i32("started"),
                    f.i32("stopped"),
                    f.i32("target")));

    public static final WireCodec<EventView> EVENT_VIEW = WireCodec.record("event",
            (w, e) -> w
                    .str("type", e.type())
                    .i64("id", e.id())
                    .str("name", e.name())
                    .i64("at_ms", e.atMs())
                    .i64("pid", e.pid())
                    .i64("exit_code", e.exitCode())
                    .i64("signal", e.signal())
                    .str("reason", e.reason())
                    .optional("seq", e.seq() == 0 ? null : e.seq()),
            f -> new EventView(
                    f.str("type"),
                    f.i32("id"),
                    f.str("name"),
                    f.i64("at_ms"),
                    f.i32("pid"),
                    f.i32("exit_code"),
                    f.i32("signal"),
                    f.str("reason"),
                    f.i64("seq")));

    public static final WireCodec<WireTypes.KillResult> KILL_RESULT = WireCodec.record("kill result",
            (w, r) -> w
                    .bool("stopping", r.stopping())
                    .i64("apps", r.apps()),
            f -> new WireTypes.KillResult(
                    f.bool("stopping"),
                    f.i32("apps")));

    public static final WireCodec<WireTypes.EventsArgs> EVENTS_ARGS = WireCodec.record("events args",
            (w, a) -> w
                    .i64("resume_pid", a.resumePid())
                    .i64("after_seq", a.afterSeq())
                    .i64("after_ms", a.afterMs()),
            f -> new WireTypes.EventsArgs(
                    f.i64("resume_pid"),
                    f.i64("after_seq"),
                    f.i64("after_ms")));

    public static final WireCodec<DaemonStats> DAEMON_STATS = WireCodec.record("daemon stats",
            (w, s) -> w
                    .str("version", s.version())
                    .i64("pid", s.pid())
                    .i64("uptime_ms", s.uptimeMs())
                    .i64("memory_bytes", s.memoryBytes())
                    .i64("ipc_requests", s.ipcRequests()),
            f -> new DaemonStats(
                    f.str("version"),
                    f.i64("pid"),
                    f.i64("uptime_ms"),
                    f.i64("memory_bytes"),
                    f.i64("ipc_requests")));

    public static final WireCodec<WireTypes.DaemonRestartArgs> DAEMON_RESTART_ARGS = WireCodec.record("daemon.restart args",
            (w, a) -> w.str("launcher", a.launcher()),
            f -> new WireTypes.DaemonRestartArgs(f.str("launcher")));

    public static final WireCodec<WireTypes.DaemonRestartResult> DAEMON_RESTART_RESULT = WireCodec.record("daemon.restart result",
            (w, r) -> w
                    .i64("old_pid", r.oldPid())
                    .i64("new_pid", r.newPid())
                    .i64("apps", r.apps()),
            f -> new WireTypes.DaemonRestartResult(
                    f.i64("old_pid"),
                    f.i64("new_pid"),
                    f.i32("apps")));

    public static final WireCodec<List<String>> STRINGS = WireCodec.listOf(WireCodec.STRING, "names");

    /**
     * The codec of each wire record, by its class: a record is final, so its class is exactly the
     * type a pattern switch would match. A map, not a pattern switch, because that switch's class
     * is spun at run time by the first command that writes a record (issue 15: about a
     * millisecond of every CLI command's start-up). In a holder, built at the first write: by then
     * every codec class it names has finished its own initialisation.
     */
    private static final class ByClass {
        static final Map<Class<?>, WireCodec<?>> CODECS = Map.ofEntries(
                Map.entry(WireTypes.ProcessView.class, ProcessCodecs.PROCESS_VIEW),
                Map.entry(WireTypes.StartArgs.class, ProcessCodecs.START_ARGS),
                Map.entry(WireTypes.StartManyArgs.class, ProcessCodecs.START_MANY_ARGS),
                Map.entry(WireTypes.AppSettings.class, ProcessCodecs.APP_SETTINGS),
                Map.entry(WireTypes.ConfigSetArgs.class, ProcessCodecs.CONFIG_SET_ARGS),
                Map.entry(WireTypes.ConfigSetResult.class, ProcessCodecs.CONFIG_SET_RESULT),
                Map.entry(WireTypes.LogEntry.class, LogCodecs.LOG_ENTRY),
                Map.entry(WireTypes.LogsArgs.class, LogCodecs.LOGS_ARGS),
                Map.entry(WireTypes.FollowFrom.class, LogCodecs.FOLLOW_FROM),
                Map.entry(WireTypes.FollowMark.class, LogCodecs.FOLLOW_MARK),
                Map.entry(WireTypes.LogsQuery.class, LogCodecs.LOGS_QUERY),
                Map.entry(WireTypes.PatternView.class, LogCodecs.PATTERN_VIEW),
                Map.entry(WireTypes.AnomalyView.class, LogCodecs.ANOMALY_VIEW),
                Map.entry(WireTypes.SummaryView.class, LogCodecs.SUMMARY_VIEW),
                Map.entry(WireTypes.DedupView.class, LogCodecs.DEDUP_VIEW),
                Map.entry(TargetArgs.class, TARGET_ARGS),
                Map.entry(SignalArgs.class, SIGNAL_ARGS),
                Map.entry(InfoArgs.class, INFO_ARGS),
                Map.entry(ScaleArgs.class, SCALE_ARGS),
                Map.entry(Pong.class, PONG),
                Map.entry(SaveResult.class, SAVE_RESULT),
                Map.entry(ResurrectResult.class, RESURRECT_RESULT),
                Map.entry(ScaleResult.class, SCALE_RESULT),
                Map.entry(EventView.class, EVENT_VIEW),
                Map.entry(DaemonStats.class, DAEMON_STATS),
                Map.entry(WireTypes.DaemonRestartArgs.class, DAEMON_RESTART_ARGS),
                Map.entry(WireTypes.EventsArgs.class, EVENTS_ARGS),
                Map.entry(WireTypes.KillResult.class, KILL_RESULT),
                Map.entry(WireTypes.DaemonRestartResult.class, DAEMON_RESTART_RESULT));
    }

    /** Writes {@code record} through its codec; false when it has none (the caller reports it). */
    @SuppressWarnings("unchecked")
    static boolean write(WireWriter out, Record record) {
        WireCodec<Record> codec = (WireCodec<Record>) ByClass.CODECS.get(record.getClass());
        if (codec == null) {
            return false;
        }
        codec.write(out, record);
        return true;
    }
}
