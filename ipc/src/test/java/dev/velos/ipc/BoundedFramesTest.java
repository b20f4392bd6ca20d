// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every frame is bounded (issue 14.8): requests over 1 MiB are refused by their header with an
 * answer (never read whole, never a silent close), an answer over the 16 MiB frame limit becomes
 * an error answer, and large answers go in pages on a connection that stays usable.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoundedFramesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path socket;
    private IpcServer server;

    @BeforeEach
    void start() {
        socket = dir.resolve("velos.sock");
        server = IpcServer.start(socket, (cmd, args) -> switch (cmd) {
            case Commands.PING -> new WireTypes.Pong("test", 1, 2);
            case "huge" -> "x".repeat(FrameCodec.MAX_BODY + 1024);
            case "pages" -> (PagedResponse) sink -> {
                for (int page = 0; page < 3; page++) {
                    sink.send(List.of("page " + page, "x".repeat(6 * 1024 * 1024)));
                }
                return Map.of("pages", 3L);
            };
            case "warned" -> new Warned(List.of("done"), "the state could not be saved");
            default -> Map.of("echo", cmd);
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAnswerOverTheFrameLimitIsAnErrorAnswerAndTheConnectionGoesOn() {
        try (VelosClient client = VelosClient.connect(socket, TIMEOUT)) {
            assertThatThrownBy(() -> client.call("huge", Map.of()))
                    .isInstanceOf(IpcException.class)
                    .hasMessageContaining("over the 16 MiB frame limit");
            assertThat(client.ping().version()).isEqualTo("test");
        }
    }

    @Test
    void aValidRequestOf15MiBIsRefusedByItsHeaderWithAnAnswerAndTheServerGoesOn() throws IOException {
        try (RawConnection raw = RawConnection.open(socket)) {
            byte[] body = Messages.request(7, "echo", Map.of("payload", "y".repeat(15 * 1024 * 1024 + 512 * 1024)));
            assertThat(body.length).isBetween(FrameCodec.MAX_REQUEST_BODY + 1, FrameCodec.MAX_BODY);
            raw.sendFrame(body);
            Messages.Response refusal = raw.next();
            assertThat(refusal.ok()).isFalse();
            assertThat(refusal.id()).isZero();
            assertThat(refusal.errorMessage()).contains("over the 1024 KiB limit");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (VelosClient client = VelosClient.connect(socket, TIMEOUT)) {
            assertThat(client.ping().version()).isEqualTo("test");
        }
    }

    @Test
    void theClientRefusesToSendAnOversizedRequestItself() {
        try (VelosClient client = VelosClient.connect(socket, TIMEOUT)) {
            assertThatThrownBy(() -> client.call("echo", Map.of("payload", "z".repeat(2 * 1024 * 1024))))
                    .isInstanceOf(IpcException.class).hasMessageContaining("request limit");
            assertThat(client.ping().version()).isEqualTo("test");
        }
    }

    @Test
    void pagesArriveInOrderBeforeTheResultAndTheConnectionServesTheNextRequest() {
        try (VelosClient client = VelosClient.connect(socket, TIMEOUT)) {
            List<String> firsts = new ArrayList<>();
            Payload result = client.paged("pages", Map.of(), page -> firsts.add((String) ((List<?>) page.value()).getFirst()));
            assertThat(firsts).containsExactly("page 0", "page 1", "page 2");
            assertThat(Plain.get(result, "pages")).isEqualTo(3L);
            assertThat(client.ping().version()).isEqualTo("test");
        }
    }

    @Test
    void aWarningBesideASuccessReachesTheWarningHandler() {
        List<String> warnings = new ArrayList<>();
        try (VelosClient client = VelosClient.connect(socket, TIMEOUT).onWarning(warnings::add)) {
            assertThat(client.call("warned", Map.of()).value()).isEqualTo(List.of("done"));
            assertThat(warnings).containsExactly("the state could not be saved");
        }
    }
}
