// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.ErrorCode;

/** {@link VelosClient} against a real server: error mapping, unreachable daemons, deadlines, big frames. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VelosClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path socket;
    private TestHandler handler;
    private IpcServer server;

    @BeforeEach
    void startServer() {
        socket = dir.resolve("velos.sock");
        handler = new TestHandler();
        server = IpcServer.start(socket, handler);
    }

    @AfterEach
    void stopServer() {
        handler.release();
        server.close();
    }

    @Test
    void daemonErrorsBecomeIpcExceptionsWithTheirCode() {
        try (VelosClient client = VelosClient.connect(socket, TIMEOUT)) {
            assertThatThrownBy(() -> client.call("missing", Map.of("target", "api")))
                    .isExactlyInstanceOf(IpcException.class)
                    .hasMessage("no process named api")
                    .satisfies(e -> assertThat(((IpcException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> client.call("boom", Map.of()))
                    .isExactlyInstanceOf(IpcException.class)
                    .hasMessageContaining("kaboom")
                    .satisfies(e -> assertThat(((IpcException) e).code()).isEqualTo(ErrorCode.INTERNAL));
            assertThatThrownBy(() -> client.call("nope", Map.of()))
                    .satisfies(e -> assertThat(((IpcException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            // The connection is still in sync after errors.
            assertThat(client.ping().version()).isEqualTo("test");
            assertThat(Plain.get(client.call("echo", Map.of("k", "v")), "k")).isEqualTo("v");
        }
    }

    @Test
    void everyErrorCodeSurvivesTheRoundTrip() {
        server.close();
        server = IpcServer.start(socket, (cmd, args) -> {
            throw new dev.velos.model.VelosException(ErrorCode.valueOf(cmd), "because " + cmd);
        });
        try (VelosClient client = VelosClient.connect(socket, TIMEOUT)) {
            for (ErrorCode code : ErrorCode.values()) {
                assertThatThrownBy(() -> client.call(code.name(), Map.of()))
                        .isInstanceOf(IpcException.class)
                        .hasMessage("because " + code.name())
                        .satisfies(e -> assertThat(((IpcException) e).code()).isEqualTo(code));
            }
        }
    }

    @Test
    void connectToAMissingSocketSaysTheDaemonIsNotRunning() {
        Path missing = dir.resolve("absent.sock");
        assertThatThrownBy(() -> VelosClient.connect(missing, TIMEOUT))
                .isInstanceOf(DaemonUnavailableException.class)
                .hasMessageContaining("not running")
                .hasMessageContaining(missing.toString())
                .satisfies(e -> assertThat(((IpcException) e).code()).isEqualTo(ErrorCode.CLOSED));
    }

    @Test
    void connectToAStaleSocketIsDaemonUnavailable() throws IOException {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists();
        assertThatThrownBy(() -> VelosClient.connect(stale, TIMEOUT))
                .isInstanceOf(DaemonUnavailableException.class)
                .hasMessageContaining(stale.toString())
                .hasMessageContaining("not running");
    }

    @Test
    void aHandlerThatNeverAnswersTripsTheClientDeadline() {
        Duration shortTimeout = Duration.ofMillis(500);
        try (VelosClient client = VelosClient.connect(socket, shortTimeout)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.call("hang", Map.of()))
                    .isInstanceOf(IpcException.class)
                    .isNotInstanceOf(DaemonUnavailableException.class)
                    .hasMessageContaining("did not answer within 500 ms")
                    .hasMessageContaining(socket.toString())
                    .satisfies(e -> assertThat(((IpcException) e).code()).isEqualTo(ErrorCode.SYSTEM));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(elapsedMs).isBetween(450L, 3_000L);
        }
        // The server is not stuck behind the hung request: other connections are served.
        try (VelosClient other = VelosClient.connect(socket, TIMEOUT)) {
            assertThat(other.ping().version()).isEqualTo("test");
        }
    }

    @Test
    void aDaemonThatNeverAnswersAtAllTripsTheDeadline() throws Exception {
        // A listener that accepts but never reads or writes: the kernel backlog completes the connect.
        Path silent = dir.resolve("silent.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(silent));
            try (VelosClient client = VelosClient.connect(silent, Duration.ofMillis(300))) {
                long start = System.nanoTime();
                assertThatThrownBy(client::ping).isInstanceOf(IpcException.class).hasMessageContaining("did not answer");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 3_000L);
            }
        }
    }

    @Test
    void responsesBiggerThanASocketBufferArriveWhole() {
        int size = 2 * 1024 * 1024;
        try (VelosClient client = VelosClient.connect(socket, TIMEOUT)) {
            Object big = client.call("big", Map.of("size", size)).value();
            assertThat(big).isInstanceOf(String.class);
            assertThat((String) big).hasSize(size);
            assertThat(((String) big).chars().allMatch(c -> c == 'x')).isTrue();

            // Requests are bounded (1 MiB); one just under the limit still goes out whole.
            String payload = "é".repeat(FrameCodec.MAX_REQUEST_BODY / 2 - 4096) + "🚀".repeat(1000);
            assertThat(Plain.get(client.call("echo", Map.of("payload", payload)), "payload")).isEqualTo(payload);
            assertThat(client.ping().version()).isEqualTo("test");
        }
    }

    // ---- a misbehaving peer (a raw server on a real socket) ----------------------------------

    /** Serves one connection: reads one request frame and writes whatever {@code reply} returns for its id. */
    private Thread rawServer(ServerSocketChannel listener, Function<Long, byte[]> reply) {
        return Thread.ofVirtual().start(() -> {
            try (SocketChannel ch = listener.accept()) {
                Optional<byte[]> body = FrameCodec.read(ch);
                long id = Messages.decodeRequest(body.orElseThrow()).id();
                byte[] out = reply.apply(id);
                if (out != null) {
                    ByteBuffer b = ByteBuffer.wrap(out);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
            } catch (IOException e) {
                // the test asserts on the client side
            }
        });
    }

    private void withRawServer(Function<Long, byte[]> reply, java.util.function.Consumer<VelosClient> check) throws Exception {
        Path path = dir.resolve("raw.sock");
        Files.deleteIfExists(path);
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            Thread t = rawServer(listener, reply);
            try (VelosClient client = VelosClient.connect(path, Duration.ofSeconds(5))) {
                check.accept(client);
            }
            t.join(5_000);
        }
    }

    @Test
    void anUnknownErrorCodeMapsToInternal() throws Exception {
        withRawServer(id -> encode(Map.of("id", id, "ok", false,
                        "error", Map.of("code", "from_the_future", "message", "new kind of error"))),
                client -> assertThatThrownBy(() -> client.call("x", Map.of()))
                        .isInstanceOf(IpcException.class)
                        .hasMessage("new kind of error")
                        .satisfies(e -> assertThat(((IpcException) e).code()).isEqualTo(ErrorCode.INTERNAL)));
    }

    @Test
    void aMismatchedResponseIdIsAProtocolError() throws Exception {
        withRawServer(id -> FrameCodec.encode(Messages.ok(id + 41, Map.of())),
                client -> assertThatThrownBy(() -> client.call("x", Map.of()))
                        .isInstanceOf(ProtocolException.class)
                        .hasMessageContaining("does not match"));
    }

    @Test
    void aBadResponseHeaderIsAProtocolError() throws Exception {
        withRawServer(id -> new byte[] {0x56, 0x10, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                client -> assertThatThrownBy(() -> client.call("x", Map.of()))
                        .isInstanceOf(ProtocolException.class)
                        .hasMessageContaining("16 MiB"));
        withRawServer(id -> FrameCodec.encode(new byte[] {(byte) 0xc1}),
                client -> assertThatThrownBy(() -> client.call("x", Map.of())).isInstanceOf(ProtocolException.class));
    }

    @Test
    void aDaemonThatHangsUpIsDaemonUnavailable() throws Exception {
        withRawServer(id -> null,
                client -> assertThatThrownBy(() -> client.call("x", Map.of()))
                        .isInstanceOf(DaemonUnavailableException.class)
                        .hasMessageContaining("lost the connection"));
        withRawServer(id -> new byte[] {0x56, 0x10, 1, 10, 0, 0, 0, 1, 2},
                client -> assertThatThrownBy(() -> client.call("x", Map.of()))
                        .isInstanceOf(DaemonUnavailableException.class));
    }

    private static byte[] encode(Object value) {
        return FrameCodec.encode(Plain.body(value));
    }
}
