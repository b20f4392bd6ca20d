// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.IssuedToken;
import dev.velos.ipc.Scope;
import dev.velos.ipc.TokenStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 23's push side, end to end with the official MCP SDK client against a real daemon: a
 * client subscribed to {@code velos://apps/<name>} hears {@code notifications/resources/updated}
 * when the app crashes and when it is restarted, within a second of each (the second is how long
 * the test waits, measured from the kill and from the daemon's own start time: an upper bound, not
 * a benchmark); a crash also arrives as a logging notification carrying the last error line and
 * the health score, as {@code logging/setLevel} allows; {@code diagnose_app} names the last error.
 */
class McpNotificationsEndToEndTest extends EndToEndTest {
    static final String LAST_ERROR = "ERROR connection refused to db:5432";
    static final Duration WITHIN = Duration.ofSeconds(1);

    /** What a client heard: resource updates (with when) and logging notifications. */
    static final class Heard {
        final List<Map.Entry<String, Long>> updates = new CopyOnWriteArrayList<>();
        final List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();

        java.util.function.Consumer<McpClient.SyncSpec> listening() {
            return spec -> spec.resourcesUpdateConsumer(contents -> contents.forEach(c -> updates.add(
                    Map.entry(c.uri(), System.currentTimeMillis())))).loggingConsumer(logs::add);
        }

        long updatesOf(String uri, long sinceMs) {
            return updates.stream().filter(u -> u.getKey().equals(uri) && u.getValue() >= sinceMs).count();
        }

        List<String> logTexts() {
            return logs.stream().map(McpSchema.LoggingMessageNotification::data).toList();
        }
    }

    @Test
    void aStdioSubscriberHearsACrashAndTheRestartWithinASecondAndTheCrashAsAnErrorMessage() throws Exception {
        startCrasher("api");
        Heard heard = new Heard();
        try (McpSyncClient client = McpClients.stdio(velos, heard.listening())) {
            client.initialize();
            client.setLoggingLevel(McpSchema.LoggingLevel.WARNING);
            client.subscribeResource(new McpSchema.SubscribeRequest("velos://apps/api"));

            crashAndAwaitUpdates(heard, "api");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard.logs).anySatisfy(m -> {
                assertThat(m.level()).isEqualTo(McpSchema.LoggingLevel.ERROR);
                assertThat(m.data()).startsWith("api crashed (signal 9)").contains("last error: " + LAST_ERROR)
                        .containsPattern("health \\d+/100");
                assertThat(m.meta()).containsEntry("velos/app", "api").containsEntry("velos/last_error", LAST_ERROR)
                        .containsKey("velos/health_score");
            }));

            // logging/setLevel is respected: above error, a crash sends no message (its resource update still comes).
            client.setLoggingLevel(McpSchema.LoggingLevel.CRITICAL);
            int before = heard.logs.size();
            crashAndAwaitUpdates(heard, "api");
            Thread.sleep(1500);
            assertThat(heard.logs).as("nothing below critical").hasSize(before);

            McpSchema.GetPromptResult diagnosis = client.getPrompt(new McpSchema.GetPromptRequest("diagnose_app",
                    Map.of("name", "api")));
            String text = ((McpSchema.TextContent) diagnosis.messages().getFirst().content()).text();
            assertThat(text).contains("## Last error\n" + LAST_ERROR, "## Recent restarts", "api crashed (signal 9)",
                    "## Log summary", "health score");
        }
    }

    @Test
    void anHttpSubscriberHearsTheCrashAndALimitedTokenHearsNothingOfOtherApps() throws Exception {
        startCrasher("api");
        startCrasher("worker");
        IssuedToken apiOnly = TokenStore.in(velos.home).create("api-watch", Scope.READ, List.of("api"));
        Heard all = new Heard();
        Heard limited = new Heard();
        try (ServerProcess server = ServerProcess.start(velos, Map.of(), "mcp-server", "--port", "0");
             McpSyncClient admin = McpClients.http(server.url(""), token(), all.listening());
             McpSyncClient api = McpClients.http(server.url(""), apiOnly.secret(), limited.listening())) {
            admin.initialize();
            api.initialize();
            admin.subscribeResource(new McpSchema.SubscribeRequest("velos://apps/worker"));
            api.subscribeResource(new McpSchema.SubscribeRequest("velos://apps/worker"));
            api.subscribeResource(new McpSchema.SubscribeRequest("velos://apps/api"));

            crashAndAwaitUpdates(all, "worker");
            crashAndAwaitUpdates(limited, "api");
            await().atMost(Duration.ofSeconds(10)).until(() -> limited.logTexts().stream().anyMatch(t -> t.startsWith("api crashed")));
            assertThat(limited.updates).as("nothing about worker reached the api-only session")
                    .noneMatch(u -> u.getKey().contains("worker"));
            assertThat(limited.logTexts()).noneMatch(t -> t.contains("worker"));
            assertThat(all.logTexts()).anyMatch(t -> t.startsWith("worker crashed") && t.contains(LAST_ERROR));
        }
    }

    /**
     * Kills the app's process (a crash: SIGKILL) and requires an update of its resource within a
     * second of the kill, then one within a second of the daemon starting it again.
     */
    private void crashAndAwaitUpdates(Heard heard, String name) {
        String uri = "velos://apps/" + name;
        long pid = velos.list().get(name).get("pid").asLong();
        long killedAt = System.currentTimeMillis();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> heard.updatesOf(uri, killedAt) >= 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> velos.list().get(name).get("pid").asLong() != pid
                && velos.list().get(name).get("status_str").asText().equals("running"));
        long restartedAt = info(name).get("last_restart_ms").asLong();
        await().atMost(Duration.ofMillis(Math.max(0, restartedAt + WITHIN.toMillis() - System.currentTimeMillis()) + 50))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(heard.updatesOf(uri, restartedAt)).as("an update after the restart")
                        .isPositive());
    }

    private void startCrasher(String name) throws Exception {
        velos.ok("start", script(name + ".sh", "echo '" + LAST_ERROR + "' >&2\nexec sleep 600").toString(), "--name", name);
    }

    private String token() throws Exception {
        return java.nio.file.Files.readString(velos.home.resolve("api.token")).strip();
    }
}
