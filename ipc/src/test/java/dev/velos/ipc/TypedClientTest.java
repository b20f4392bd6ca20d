// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every typed {@link VelosClient} method sends the right command and args and decodes its result. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TypedClientTest {
    static final WireTypes.ProcessView VIEW = new WireTypes.ProcessView(3, "web", 4242, 1, "online", 50_000_000L, 12_345,
            2, 0.5, 0, 1_700_000_000_000L, "/srv/app.js", List.of("--port", "8080"), "/srv", "node", 1600, true, 15,
            1000, 0, false, 0, 0, 1_700_000_000_000L);
    static final WireTypes.LogEntry LINE = new WireTypes.LogEntry(3, "web", "out", 1_700_000_000_123L, "listening on :8080 ✓", false);

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    private IpcServer server;
    private VelosClient client;

    private Object handle(String cmd, Payload args) {
        seen.add(cmd + " " + args);
        return switch (cmd) {
            case Commands.PING -> new WireTypes.Pong("0.1.0", 99, 7);
            case Commands.START -> {
                WireTypes.StartArgs start = args.as(ProcessCodecs.START_ARGS);
                yield List.of(new WireTypes.ProcessView(0, start.name(), 1, 1, "online", 0, 0, 0, 0, 0, 0, start.script(),
                        start.args(), start.cwd(), start.interpreter(), start.killTimeoutMs() == null ? 1600 : start.killTimeoutMs(),
                        start.autorestart() == null || start.autorestart(), start.maxRestarts() == null ? 15 : start.maxRestarts(),
                        0, 0, false, 0, 0, 0));
            }
            case Commands.STOP, Commands.RESTART, Commands.DELETE, Commands.INFO -> {
                WireTypes.TargetArgs target = args.as(WireCodecs.TARGET_ARGS);
                yield target.target().equals("web") ? List.of(VIEW) : List.of();
            }
            case Commands.LIST -> List.of(VIEW, VIEW);
            case Commands.LOGS_READ -> {
                WireTypes.LogsArgs logs = args.as(LogCodecs.LOGS_ARGS);
                // Paged as the daemon answers: pages of two lines, then the count.
                yield (PagedResponse) sink -> {
                    List<WireTypes.LogEntry> all = java.util.Collections.nCopies(logs.lines(), LINE);
                    for (int i = 0; i < all.size(); i += 2) {
                        sink.send(all.subList(i, Math.min(all.size(), i + 2)));
                    }
                    return Map.of("lines", all.size());
                };
            }
            case Commands.SAVE -> new WireTypes.SaveResult(2, "/home/u/.velos/dump.bin");
            case Commands.RESURRECT -> new WireTypes.ResurrectResult(List.of("web"), List.of("worker"), List.of(), "dump.bin");
            case Commands.KILL -> Map.of();
            default -> throw new IllegalArgumentException(cmd);
        };
    }

    @BeforeEach
    void start() {
        Path socket = dir.resolve("velos.sock");
        server = IpcServer.start(socket, this::handle);
        client = VelosClient.connect(socket, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void typedCommandsRoundTrip() {
        assertThat(client.ping()).isEqualTo(new WireTypes.Pong("0.1.0", 99, 7));
        assertThat(client.list()).containsExactly(VIEW, VIEW);
        assertThat(client.info("web")).containsExactly(VIEW);
        assertThat(client.stop("web")).containsExactly(VIEW);
        assertThat(client.restart("nope")).isEmpty();
        assertThat(client.delete("web")).containsExactly(VIEW);
        assertThat(client.logs("web", 3, "all")).containsExactly(LINE, LINE, LINE);
        assertThat(client.save()).isEqualTo(new WireTypes.SaveResult(2, "/home/u/.velos/dump.bin"));
        assertThat(client.resurrect().started()).containsExactly("web");
        client.kill();

        assertThat(seen).containsExactly(
                "ping {}", "list {}", "info {target=web, show_env=false}", "stop {target=web}", "restart {target=nope}",
                "delete {target=web}", "logs.read {target=web, lines=3, stream=all, since_ms=0}", "save {}",
                "resurrect {}", "kill {}");
    }

    @Test
    void startSendsStartArgsWithNullsIntact() {
        var args = new WireTypes.StartArgs("api", "/srv/api.sh", List.of("--", "x y"), null, null, Map.of("K", "v"),
                null, null, null, null, null, 900L);
        List<WireTypes.ProcessView> started = client.start(args);
        assertThat(started).hasSize(1);
        WireTypes.ProcessView view = started.getFirst();
        assertThat(view.name()).isEqualTo("api");
        assertThat(view.script()).isEqualTo("/srv/api.sh");
        assertThat(view.args()).containsExactly("--", "x y");
        assertThat(view.cwd()).as("nil arrives as empty: no nulls in the typed API").isEmpty();
        assertThat(view.killTimeoutMs()).isEqualTo(900);
        assertThat(view.autorestart()).isTrue();
        assertThat(view.maxRestarts()).isEqualTo(15);
        assertThat(seen.peek()).contains("kill_timeout_ms=900").contains("env={K=v}");
    }
}
