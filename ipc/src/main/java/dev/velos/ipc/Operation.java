// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Every operation an HTTP route or an MCP tool can perform, with the {@link Scope} it needs: the
 * one table of issue 23's scopes, used by the MCP server (each tool names its operation) and by
 * {@code velos api} (each route names its operation), so the two can never disagree.
 *
 * <table>
 * <caption>Scopes</caption>
 * <tr><th>scope</th><th>operations</th></tr>
 * <tr><td>read</td><td>list, info, logs and log summaries, metrics, health, settings, the audit trail, the live feed</td></tr>
 * <tr><td>operate</td><td>stop, restart, reload, start an existing app again, scale, change restart and limit settings</td></tr>
 * <tr><td>admin</td><td>start a new command, delete, change the command, arguments, directory, interpreter or environment</td></tr>
 * </table>
 *
 * <p>{@code command} is the daemon command an operation amounts to, as the audit trail records it
 * ({@link AuditRecord#command()}); reads have none since they are not audited.
 */
public enum Operation {
    /** The dashboard page, its files and the API description: they hold no app data. */
    VIEW(Scope.READ, ""),
    LIST(Scope.READ, ""),
    INFO(Scope.READ, ""),
    LOGS(Scope.READ, ""),
    METRICS(Scope.READ, ""),
    HEALTH(Scope.READ, ""),
    CONFIG_GET(Scope.READ, ""),
    AUDIT_READ(Scope.READ, ""),
    /** The WebSocket feed of process updates, events and log lines. */
    LIVE_FEED(Scope.READ, ""),
    STOP(Scope.OPERATE, Commands.STOP),
    RESTART(Scope.OPERATE, Commands.RESTART),
    RELOAD(Scope.OPERATE, Commands.RELOAD),
    /** Start the stopped instances of an app that exists, with their stored settings. */
    START_EXISTING(Scope.OPERATE, Commands.START_EXISTING),
    SCALE(Scope.OPERATE, Commands.SCALE),
    /** Run a scheduled job now (an app that exists, with its stored settings). */
    RUN_NOW(Scope.OPERATE, Commands.RUN_NOW),
    /** {@code config_set} of restart and limit settings only ({@link #POLICY_SETTINGS}). */
    CONFIG_SET_POLICY(Scope.OPERATE, Commands.CONFIG_SET),
    /** Start a new command: it runs whatever it names as the daemon's user. */
    START_NEW(Scope.ADMIN, Commands.START),
    DELETE(Scope.ADMIN, Commands.DELETE),
    /** {@code config_set} of anything else: what runs, where, with which environment. */
    CONFIG_SET_COMMAND(Scope.ADMIN, Commands.CONFIG_SET);

    /**
     * The settings {@code operate} may change through {@code config_set}: when and how an app is
     * restarted and its limits, in the daemon's names and their velos.toml spellings. Everything
     * else (args, cwd, env, interpreter, and any setting added later) changes what runs or how,
     * so it needs {@code admin}: this list is an allow-list on purpose.
     */
    public static final Set<String> POLICY_SETTINGS = Set.of("autorestart", "cron_restart", "exp_backoff",
            "exp_backoff_restart_delay", "kill_timeout", "kill_timeout_ms", "listen_timeout", "listen_timeout_ms",
            "max_memory_restart", "max_restarts", "min_uptime", "min_uptime_ms", "restart_delay", "restart_delay_ms",
            "shutdown_with_message", "wait_ready", "watch", "watch_delay", "watch_delay_ms", "watch_ignore", "watch_paths",
            "stop_exit_codes", "stop_signal", "memory_max", "cpu_max", "pids_max", "start_delay", "overlap");

    private final Scope scope;
    private final String command;

    Operation(Scope scope, String command) {
        this.scope = scope;
        this.command = command;
    }

    /** The least scope that allows this operation. */
    public Scope scope() {
        return scope;
    }

    /** Whether it changes anything (and so is written to the audit trail). */
    public boolean mutating() {
        return scope != Scope.READ;
    }

    /** The daemon command it amounts to ({@code restart}), "" for reads. */
    public String command() {
        return command;
    }

    /** The {@code config_set} operation for changing {@code settings}: policy only, or more. */
    public static Operation configSet(Collection<String> settings) {
        return POLICY_SETTINGS.containsAll(settings) ? CONFIG_SET_POLICY : CONFIG_SET_COMMAND;
    }

    /** The settings among {@code settings} that need {@code admin}, in their order. */
    public static List<String> adminSettings(Collection<String> settings) {
        return settings.stream().filter(s -> !POLICY_SETTINGS.contains(s)).toList();
    }
}
