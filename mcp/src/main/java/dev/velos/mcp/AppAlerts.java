// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.spec.McpSchema;

import dev.velos.ipc.HealthCheck;
import dev.velos.ipc.WireTypes;
import dev.velos.model.VelosException;

/**
 * Turns the daemon's lifecycle events into what MCP clients hear without polling (issue 23):
 * <ul>
 * <li>every event updates the app's resources: {@code notifications/resources/updated} for
 *     {@code velos://apps} and the app's URIs reaches the sessions subscribed to them;
 * <li>a crash, a crash loop ({@code errored}), a failed spawn ({@code error}) and a restart for
 *     memory ({@code warning}) also go to every session as a logging notification
 *     ({@code notifications/message}) carrying the app's last error line and health score, as its
 *     {@code logging/setLevel} allows. A liveness restart will join them once the daemon reports one.
 * </ul>
 * Resource updates go out on the event thread (they need nothing from the daemon); an alert asks
 * the daemon for the summary first, so alerts run one at a time on their own virtual thread,
 * behind a bounded queue (a storm of crashes drops the oldest alerts, never blocks the feed).
 */
final class AppAlerts implements Consumer<WireTypes.EventView>, AutoCloseable {
    static final String LOGGER = "velos";
    private static final System.Logger LOG = System.getLogger(AppAlerts.class.getName());

    private final DaemonAccess daemon;
    private final SessionRegistry sessions;
    private final RecentEvents recent;
    private final ExecutorService alerts = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
            Thread.ofVirtual().name("velos-mcp-alert-", 0).factory(), new ThreadPoolExecutor.DiscardOldestPolicy());
    private volatile Optional<McpAsyncServer> server = Optional.empty();

    AppAlerts(DaemonAccess daemon, SessionRegistry sessions, RecentEvents recent) {
        this.daemon = daemon;
        this.sessions = sessions;
        this.recent = recent;
    }

    /** The server whose subscribers hear resource updates (built after the alerts, which it needs). */
    void attach(McpAsyncServer mcp) {
        server = Optional.of(mcp);
    }

    @Override
    public void accept(WireTypes.EventView event) {
        recent.add(event);
        server.ifPresent(mcp -> AppResources.urisAbout(event.name()).forEach(uri -> mcp
                .notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(uri))
                .subscribe(null, e -> LOG.log(System.Logger.Level.DEBUG, "resource update " + uri + ": " + e.getMessage()))));
        level(event).ifPresent(level -> alerts.execute(() -> alert(event, level)));
    }

    /**
     * The logging level of an event worth an alert. A liveness restart is expected as a triggered
     * restart whose reason is {@code liveness} (as memory's was before it got its own type), or as
     * its own {@code liveness_restart}; the daemon reports neither yet.
     */
    static Optional<McpSchema.LoggingLevel> level(WireTypes.EventView event) {
        return switch (event.type()) {
            case "crash", "errored", "spawn_failed" -> Optional.of(McpSchema.LoggingLevel.ERROR);
            case "memory_restart", "liveness_restart" -> Optional.of(McpSchema.LoggingLevel.WARNING);
            case "triggered_restart" -> event.reason().equals("liveness") ? Optional.of(McpSchema.LoggingLevel.WARNING)
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    private void alert(WireTypes.EventView event, McpSchema.LoggingLevel level) {
        Optional<WireTypes.SummaryView> summary = Optional.empty();
        try {
            summary = Optional.of(daemon.with(c -> c.logsSummary(new WireTypes.LogsQuery(event.name(),
                    LogTools.SUMMARY_DEFAULT, "all", 0, 0, "", ""))));
        } catch (VelosException e) {
            // Deleted meanwhile, or the daemon went away: the alert still says what happened.
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("velos/app", event.name());
        meta.put("velos/event", event.type());
        summary.ifPresent(s -> {
            meta.put("velos/health_score", s.healthScore());
            meta.put("velos/last_error", s.lastError() == null ? "" : s.lastError());
        });
        String text = what(event) + summary.map(s -> "; health " + s.healthScore() + "/100"
                + (s.lastError() == null ? "" : "; last error: " + HealthCheck.cut(s.lastError(), 300))).orElse("");
        sessions.log(event.name(), new McpSchema.LoggingMessageNotification(level, LOGGER, text, meta));
    }

    /** The event in words, first: "api crashed (exit code 1)". */
    static String what(WireTypes.EventView e) {
        String exit = e.signal() > 0 ? "signal " + e.signal() : e.exitCode() >= 0 ? "exit code " + e.exitCode() : "";
        return switch (e.type()) {
            case "crash" -> e.name() + " crashed" + (exit.isEmpty() ? "" : " (" + exit + ")");
            case "errored" -> e.name() + " is errored: " + e.reason() + "; it will not be restarted automatically";
            case "spawn_failed" -> e.name() + " could not be started: " + e.reason();
            case "memory_restart" -> e.name() + " was restarted for exceeding its memory limit";
            case "liveness_restart" -> e.name() + " was restarted for failing its liveness check";
            default -> e.name() + ": " + e.type() + (e.reason().isEmpty() ? "" : " (" + e.reason() + ")");
        };
    }

    @Override
    public void close() {
        alerts.shutdownNow();
    }
}
