// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.velos.model.ErrorCode;

/** A real {@link IpcServer} on a temp socket, driven by {@link VelosClient} and by raw bytes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IpcServerTest {
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

    // ---- answers -----------------------------------------------------------------------------

    @Test
    void answersOkResponses() throws IOException {
        try (RawConnection raw = RawConnection.open(socket)) {
            Messages.Response pong = raw.call(1, Commands.PING, Map.of());
            assertThat(pong.id()).isEqualTo(1);
            assertThat(pong.ok()).isTrue();
            assertThat(Plain.get(pong.result(), "version")).isEqualTo("test");
            assertThat(Plain.get(pong.result(), "uptime_ms")).isEqualTo(1L);

            Messages.Response echo = raw.call(2, "echo", Map.of("name", "wéb", "n", 3, "list", List.of(true, "x")));
            assertThat(echo.id()).isEqualTo(2);
            assertThat(WireArbitraries.normalize(echo.result()))
                    .isEqualTo(WireArbitraries.normalize(Map.of("name", "wéb", "n", 3, "list", List.of(true, "x"))));
        }
        assertThat(server.requestsServed()).isEqualTo(2);
    }

    @Test
    void errorResponsesCarryCodeAndMessageAndTheConnectionStaysUsable() throws IOException {
        try (RawConnection raw = RawConnection.open(socket)) {
            Messages.Response missing = raw.call(5, "missing", Map.of("target", "web"));
            assertThat(missing.id()).isEqualTo(5);
            assertThat(missing.ok()).isFalse();
            assertThat(missing.errorCode()).isEqualTo("not_found");
            assertThat(missing.errorMessage()).isEqualTo("no process named web");

            Messages.Response boom = raw.call(6, "boom", Map.of());
            assertThat(boom.ok()).isFalse();
            assertThat(boom.errorCode()).isEqualTo("internal");
            assertThat(boom.errorMessage()).contains("boom").contains("kaboom");

            Messages.Response unknown = raw.call(7, "no-such-command", Map.of());
            assertThat(unknown.errorCode()).isEqualTo("invalid_argument");

            Messages.Response after = raw.call(8, Commands.PING, Map.of());
            assertThat(after.ok()).isTrue();
            assertThat(after.id()).isEqualTo(8);
        }
    }

    @Test
    void unserializableResultIsAnInternalErrorNotAClosedConnection() throws IOException {
        server.close();
        server = IpcServer.start(socket, (cmd, args) -> cmd.equals("weird") ? new Object() : Map.of("ok", 1));
        try (RawConnection raw = RawConnection.open(socket)) {
            Messages.Response weird = raw.call(1, "weird", Map.of());
            assertThat(weird.ok()).isFalse();
            assertThat(weird.errorCode()).isEqualTo("internal");
            assertThat(raw.call(2, "fine", Map.of()).ok()).isTrue();
        }
    }

    @Test
    void requestsWithoutArgsGetAnEmptyMap() throws IOException {
        try (RawConnection raw = RawConnection.open(socket)) {
            raw.sendFrame(Plain.body(Map.of("id", 3, "cmd", "echo")));
            Messages.Response response = raw.call(4, "echo", null);
            // The first request's response comes first; read both in order.
            assertThat(response.id()).isEqualTo(3);
            assertThat(response.result().value()).isEqualTo(Map.of());
        }
    }

    // ---- one bad connection does not hurt the others -------------------------------------------

    static Stream<Arguments> badStreams() {
        return Stream.of(
                Arguments.of("garbage bytes", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("bad magic", frame(0x57, 0x11, FrameCodec.VERSION, 1, new byte[] {(byte) 0x80})),
                Arguments.of("bad version", frame(0x56, 0x10, 2, 1, new byte[] {(byte) 0x80})),
                Arguments.of("version zero", frame(0x56, 0x10, 0, 1, new byte[] {(byte) 0x80})),
                Arguments.of("announced 4 GiB", frame(0x56, 0x10, FrameCodec.VERSION, 0xFFFF_FFFFL, new byte[16])),
                Arguments.of("announced 16 MiB + 1", frame(0x56, 0x10, FrameCodec.VERSION, FrameCodec.MAX_BODY + 1L, new byte[16])),
                Arguments.of("undecodable body", FrameCodec.encode(new byte[] {(byte) 0xc1, 1, 2, 3})),
                Arguments.of("truncated msgpack body", FrameCodec.encode(new byte[] {(byte) 0xdb, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff})),
                Arguments.of("body not a map", FrameCodec.encode(new byte[] {(byte) 0x93, 1, 2, 3})),
                Arguments.of("request without cmd", FrameCodec.encode(new byte[] {(byte) 0x81, (byte) 0xa2, 'i', 'd', 1})),
                Arguments.of("empty body", FrameCodec.encode(new byte[0])),
                Arguments.of("str32 announcing 2 GiB", FrameCodec.encode(new byte[] {(byte) 0x81, (byte) 0xa2, 'i', 'd',
                        (byte) 0xdb, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0})),
                Arguments.of("nesting 1 million deep", FrameCodec.encode(DecoderRobustnessPropertiesTest.nestedRequest(1_000_000))));
    }

    private static byte[] frame(int m0, int m1, int version, long length, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(FrameCodec.HEADER_BYTES + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) m0).put((byte) m1).put((byte) version).putInt((int) length).put(body);
        return b.array();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badStreams")
    void aMalformedStreamClosesOnlyThatConnection(String what, byte[] bytes) throws IOException {
        try (VelosClient bystander = VelosClient.connect(socket, TIMEOUT);
             RawConnection bad = RawConnection.open(socket)) {
            assertThat(bystander.ping().version()).isEqualTo("test");
            // A valid request first: the connection works until the bad bytes arrive.
            assertThat(bad.call(1, Commands.PING, Map.of()).ok()).isTrue();
            bad.send(bytes);
            assertThat(bad.closedByServer()).as("server closed the connection after " + what).isTrue();

            assertThat(bystander.ping().version()).isEqualTo("test");
            assertThat(Plain.get(bystander.call("echo", Map.of("after", what)), "after")).isEqualTo(what);
        }
        try (VelosClient fresh = VelosClient.connect(socket, TIMEOUT)) {
            assertThat(fresh.ping().version()).isEqualTo("test");
        }
    }

    @Test
    void clientsThatVanishMidFrameDoNotHurtTheServer() throws Exception {
        try (VelosClient bystander = VelosClient.connect(socket, TIMEOUT)) {
            // Half a header.
            try (RawConnection raw = RawConnection.open(socket)) {
                raw.send(new byte[] {0x56, 0x10, FrameCodec.VERSION});
            }
            // A header announcing 100 bytes, then 10 of them.
            try (RawConnection raw = RawConnection.open(socket)) {
                raw.send(frame(0x56, 0x10, FrameCodec.VERSION, 100, new byte[10]));
            }
            // A header announcing the maximum, then 1 MiB of it.
            try (RawConnection raw = RawConnection.open(socket)) {
                raw.send(frame(0x56, 0x10, FrameCodec.VERSION, FrameCodec.MAX_BODY, new byte[1 << 20]));
            }
            // A request sent and the connection closed before reading the answer.
            try (RawConnection raw = RawConnection.open(socket)) {
                raw.sendFrame(Messages.request(1, "big", Map.of("size", 1 << 20)));
            }
            // Connected and gone without a byte.
            RawConnection.open(socket).close();

            for (int i = 0; i < 5; i++) {
                assertThat(bystander.ping().version()).isEqualTo("test");
            }
        }
        try (VelosClient fresh = VelosClient.connect(socket, TIMEOUT)) {
            assertThat(fresh.ping().version()).isEqualTo("test");
        }
    }

    @Test
    void twoHundredConcurrentClientsAllSucceed() throws Exception {
        int clients = 200;
        int calls = 20;
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                pool.execute(() -> {
                    try (VelosClient velos = VelosClient.connect(socket, TIMEOUT)) {
                        for (int i = 0; i < calls; i++) {
                            Map<String, Object> result = Plain.map(velos.call("echo", Map.of("client", client, "call", i, "pad", "p".repeat(i * 50))));
                            if ((Long) result.get("client") != client || (Long) result.get("call") != i
                                    || ((String) result.get("pad")).length() != i * 50) {
                                throw new AssertionError("client " + client + " call " + i + " got " + result);
                            }
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
            }
        }
        assertThat(failures).as("failures (first: %s)", failures.peek()).isEmpty();
        assertThat(server.requestsServed()).isEqualTo((long) clients * calls);
    }

    // ---- the socket file --------------------------------------------------------------------

    @Test
    void socketIsOwnerOnlyAndRemovedOnClose() throws IOException {
        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.isRegularFile(socket)).isFalse();

        server.close();
        assertThat(socket).doesNotExist();
        server.close(); // idempotent
        assertThatThrownBy(() -> VelosClient.connect(socket, TIMEOUT))
                .isInstanceOf(DaemonUnavailableException.class)
                .hasMessageContaining("not running");
    }

    @Test
    void closeDropsOpenConnections() throws IOException {
        try (RawConnection raw = RawConnection.open(socket)) {
            assertThat(raw.call(1, Commands.PING, Map.of()).ok()).isTrue();
            server.close();
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void aStaleSocketFileIsReplacedOnStart() throws IOException {
        server.close();
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists(); // closing a Unix server socket leaves its file behind
        assertThatThrownBy(() -> VelosClient.connect(stale, TIMEOUT)).isInstanceOf(DaemonUnavailableException.class);

        try (IpcServer replacement = IpcServer.start(stale, handler);
             VelosClient client = VelosClient.connect(stale, TIMEOUT)) {
            assertThat(client.ping().version()).isEqualTo("test");
            assertThat(replacement.requestsServed()).isEqualTo(1);
            assertThat(Files.getPosixFilePermissions(stale)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(stale).doesNotExist();

        Path leftover = dir.resolve("leftover.sock");
        Files.writeString(leftover, "not a socket");
        try (IpcServer replacement = IpcServer.start(leftover, handler);
             VelosClient client = VelosClient.connect(leftover, TIMEOUT)) {
            assertThat(client.ping().version()).isEqualTo("test");
            assertThat(replacement.requestsServed()).isEqualTo(1);
        }
    }

    @Test
    void startFailsClearlyWhenThePathCannotBeBound() {
        Path nowhere = dir.resolve("no-such-dir").resolve("velos.sock");
        assertThatThrownBy(() -> IpcServer.start(nowhere, handler))
                .isInstanceOf(IpcException.class)
                .hasMessageContaining("cannot listen on " + nowhere)
                .satisfies(e -> assertThat(((IpcException) e).code()).isEqualTo(ErrorCode.SYSTEM));
    }

    // ---- many frames on one connection -------------------------------------------------------

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (RawConnection raw = RawConnection.open(socket)) {
            List<byte[]> frames = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                frames.add(FrameCodec.encode(Messages.request(i, "echo", Map.of("i", i))));
            }
            int total = frames.stream().mapToInt(f -> f.length).sum();
            ByteBuffer all = ByteBuffer.allocate(total);
            frames.forEach(all::put);
            raw.send(all.array());
            for (int i = 1; i <= 50; i++) {
                // call() sends one more request each time; use ids out of the pipelined range.
                Messages.Response r = raw.call(1000 + i, "echo", Map.of());
                assertThat(r.id()).isEqualTo(i);
                assertThat(Plain.get(r.result(), "i")).isEqualTo((long) i);
            }
        }
    }
}
