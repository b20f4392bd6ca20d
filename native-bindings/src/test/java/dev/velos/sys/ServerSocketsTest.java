// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Listening sockets as the supervisor holds them for apps: real binds on loopback and in a temp directory. */
@EnabledOnOs(OS.LINUX)
@Timeout(30)
class ServerSocketsTest {
    private Arena arena;
    private CallState cs;

    @BeforeEach
    void open() {
        arena = Arena.ofConfined();
        cs = CallState.allocate(arena);
    }

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void aTcpListenerOnAnEphemeralPortAcceptsConnectionsIntoItsBacklogAndIsCloseOnExec() throws IOException {
        try (Fd fd = ServerSockets.listenTcp(cs, InetAddress.getByName("127.0.0.1"), 0)) {
            int port = ServerSockets.localPort(cs, fd);
            assertThat(port).isPositive();
            assertThat(Fds.fcntl(cs, fd.value(), Fds.F_GETFD, 0) & Fds.FD_CLOEXEC).isEqualTo(Fds.FD_CLOEXEC);
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                assertThat(client.isConnected()).isTrue();
            }
        }
    }

    @Test
    void aSecondListenerOnAPortInUseFailsWithEaddrinuse() {
        try (Fd first = ServerSockets.listenTcp(cs, InetAddress.getLoopbackAddress(), 0)) {
            int port = ServerSockets.localPort(cs, first);
            assertThatThrownBy(() -> ServerSockets.listenTcp(cs, InetAddress.getLoopbackAddress(), port))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EADDRINUSE));
        }
    }

    @Test
    void anIpv6ListenerIsIpv6OnlySoTheIpv4WildcardOnTheSamePortCanBeHeldToo() throws IOException {
        InetAddress loopback6 = InetAddress.getByName("::1");
        Fd v6;
        try {
            v6 = ServerSockets.listenTcp(cs, loopback6, 0);
        } catch (ErrnoException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
            return;
        }
        try (v6; Fd v4 = ServerSockets.listenTcp(cs, InetAddress.getByName("0.0.0.0"), ServerSockets.localPort(cs, v6))) {
            assertThat(loopback6).isInstanceOf(Inet6Address.class);
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(loopback6, ServerSockets.localPort(cs, v6)), 2000);
                assertThat(client.isConnected()).isTrue();
            }
            assertThat(ServerSockets.localPort(cs, v4)).isEqualTo(ServerSockets.localPort(cs, v6));
        }
    }

    @Test
    void aUnixListenerAcceptsConnectionsAtItsPath(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("app.sock");
        try (Fd fd = ServerSockets.listenUnix(cs, path.toString());
             SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            assertThat(client.connect(UnixDomainSocketAddress.of(path))).isTrue();
            assertThat(Fds.fcntl(cs, fd.value(), Fds.F_GETFD, 0) & Fds.FD_CLOEXEC).isEqualTo(Fds.FD_CLOEXEC);
        }
    }

    @Test
    void pidfdGetfdTakesACopyOfAChildsListeningSocket() throws Exception {
        try (Children children = new Children(cs); Fd listener = ServerSockets.listenTcp(cs, InetAddress.getLoopbackAddress(), 0)) {
            int port = ServerSockets.localPort(cs, listener);
            SpawnedChild child = children.spawn(new SpawnRequest("/bin/sleep", List.of("/bin/sleep", "5"), Children.ENV, "/",
                    java.util.Map.of(3, listener)));
            listener.close(cs); // now only the child holds it

            try (Fd copy = Pidfd.getfd(cs, child.pidfd(), 3)) {
                assertThat(ServerSockets.localPort(cs, copy)).isEqualTo(port);
                assertThat(Fds.fcntl(cs, copy.value(), Fds.F_GETFD, 0) & Fds.FD_CLOEXEC).isEqualTo(Fds.FD_CLOEXEC);
            }
            assertThatThrownBy(() -> Pidfd.getfd(cs, child.pidfd(), 9))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
        }
    }
}
