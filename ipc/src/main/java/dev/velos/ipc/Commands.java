// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

/** Command names on the wire. Targets are a name, an id, a cluster base name (all its instances) or {@code all}. */
public final class Commands {
    public static final String PING = "ping";
    public static final String START = "start";
    /** Several apps in one request (a config file): all checked first, started in order, state saved once. */
    public static final String START_MANY = "start.many";
    /**
     * Starts apps the daemon knows ({@code velos start api} after a stop): each stopped or errored
     * one of the target with its stored settings, an errored one's restart count from 0; running
     * ones are left alone. The answer lists every app of the target.
     */
    public static final String START_EXISTING = "start.existing";
    public static final String STOP = "stop";
    public static final String RESTART = "restart";
    /** Zeroes each target's restart counters (PM2's {@code reset}); nothing else changes. */
    public static final String RESET = "reset";
    public static final String RELOAD = "reload";
    public static final String DELETE = "delete";
    public static final String LIST = "list";
    public static final String SCALE = "scale";
    public static final String INFO = "info";
    public static final String LOGS_READ = "logs.read";
    /** Streaming: the newest lines, then every new line, as {@code {id, event}} frames until the client closes. */
    public static final String LOGS_FOLLOW = "logs.follow";
    public static final String LOGS_FLUSH = "logs.flush";
    /** The summary of many lines computed where the files are, so only the digest travels. */
    public static final String LOGS_SUMMARY = "logs.summary";
    public static final String LOGS_DEDUPE = "logs.dedupe";
    public static final String SAVE = "save";
    public static final String RESURRECT = "resurrect";
    public static final String KILL = "kill";
    /** An app's editable settings (its stored spec; env values are never sent, only their names). */
    public static final String CONFIG_GET = "config.get";
    /** Changes an app's stored settings: validated, persisted, applied at the next start (or now with restart). */
    public static final String CONFIG_SET = "config.set";
    /** Sends one signal (a name such as SIGHUP, or a number) to the main process of each target; statuses do not change. */
    public static final String SIGNAL = "signal";
    /** Runs a scheduled job now, as if its schedule fired (its overlap applies); any other app is started if it is not running. */
    public static final String RUN_NOW = "run_now";
    /** Streaming: every lifecycle event (start, exit, crash, restart, stop...) as it happens, until the client closes. */
    public static final String EVENTS = "events";
    /** The daemon's own figures: memory, uptime, IPC requests served. */
    public static final String DAEMON_STATS = "daemon.stats";
    /**
     * The daemon starts its successor (the same launcher, or {@code launcher}) and hands it every
     * app, pipe, channel and socket it holds (issue 20, docs/HANDOVER.md); apps keep their pids.
     * Answered once the successor took over (then the old daemon exits), or with an error while
     * the old daemon carries on (the successor failed).
     */
    public static final String DAEMON_RESTART = "daemon.restart";

    /**
     * The commands that read and change nothing: a client may send one again when its answer was
     * lost (the connection closed first, or a daemon handing over to its successor said so), since
     * doing it twice does no harm. Every other command changes something and is not repeated blind.
     */
    private static final java.util.Set<String> READ_ONLY = java.util.Set.of(PING, LIST, INFO, LOGS_READ, LOGS_SUMMARY,
            LOGS_DEDUPE, CONFIG_GET, DAEMON_STATS);

    private Commands() {
    }

    /** Whether {@code cmd} reads and changes nothing, so asking again is safe (see {@link #READ_ONLY}). */
    public static boolean isReadOnly(String cmd) {
        return READ_ONLY.contains(cmd);
    }
}
