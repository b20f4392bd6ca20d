// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SCM_RIGHTS with real fds across a real socket pair: what moves is the open file, not a number. */
@EnabledOnOs(OS.LINUX)
@Timeout(30)
class FdPassingTest {
    private Arena arena;
    private CallState cs;
    private final List<Fd> opened = new ArrayList<>();

    @BeforeEach
    void open() {
        arena = Arena.ofConfined();
        cs = CallState.allocate(arena);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(fd -> fd.close(cs));
        arena.close();
    }

    private <T extends Fd> T keep(T fd) {
        opened.add(fd);
        return fd;
    }

    private Sockets.Pair seqpacketPair() {
        Sockets.Pair pair = Sockets.socketpair(cs, Sockets.SOCK_SEQPACKET | Sockets.SOCK_CLOEXEC);
        keep(pair.first());
        keep(pair.second());
        return pair;
    }

    @Test
    void aPipeEndSentOverTheSocketIsTheSamePipeOnTheOtherSideAndArrivesCloseOnExec() {
        Sockets.Pair pair = seqpacketPair();
        Fds.Pipe pipe = Fds.pipe2(cs, Fds.O_CLOEXEC);
        keep(pipe.read());
        keep(pipe.write());

        FdPassing.send(cs, pair.first(), "manifest".getBytes(StandardCharsets.UTF_8), List.of(pipe.write()));
        byte[] buffer = new byte[64];
        FdPassing.Received received = FdPassing.receive(cs, pair.second(), buffer, 4);
        received.fds().forEach(this::keep);

        assertThat(new String(buffer, 0, received.bytes(), StandardCharsets.UTF_8)).isEqualTo("manifest");
        assertThat(received.fds()).hasSize(1);
        Fd copy = received.fds().getFirst();
        assertThat(copy.value()).isNotEqualTo(pipe.write().value());
        assertThat(Fds.fcntl(cs, copy.value(), Fds.F_GETFD, 0) & Fds.FD_CLOEXEC).isEqualTo(Fds.FD_CLOEXEC);
        try (Children children = new Children(cs)) {
            children.writeFully(copy, "through the copy\n");
            Fds.setNonBlocking(cs, pipe.read().value());
            assertThat(children.readExactly(pipe.read(), 17)).isEqualTo("through the copy\n");
        }
    }

    @Test
    void aListeningSocketSentOverKeepsItsPortAndItsQueuedConnection() throws Exception {
        Sockets.Pair pair = seqpacketPair();
        Fd listener = keep(ServerSockets.listenTcp(cs, InetAddress.getLoopbackAddress(), 0));
        int port = ServerSockets.localPort(cs, listener);
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000); // queued in the backlog

            FdPassing.send(cs, pair.first(), new byte[] {1}, List.of(listener));
            listener.close(cs); // the sender lets go: the socket lives on in the copy
            FdPassing.Received received = FdPassing.receive(cs, pair.second(), new byte[1], 1);
            received.fds().forEach(this::keep);

            assertThat(ServerSockets.localPort(cs, received.fds().getFirst())).isEqualTo(port);
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void manyFdsTravelInOneMessageInOrder() {
        Sockets.Pair pair = seqpacketPair();
        List<Fd> pipes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Fds.Pipe pipe = Fds.pipe2(cs, Fds.O_CLOEXEC);
            keep(pipe.read());
            pipes.add(keep(pipe.write()));
        }
        FdPassing.send(cs, pair.first(), new byte[] {7}, pipes);
        FdPassing.Received received = FdPassing.receive(cs, pair.second(), new byte[1], FdPassing.MAX_FDS_PER_MESSAGE);
        received.fds().forEach(this::keep);

        assertThat(received.fds()).hasSize(40);
        for (int i = 0; i < 40; i++) {
            assertThat(link(received.fds().get(i))).isEqualTo(link(pipes.get(i)));
        }
    }

    @Test
    void aMessageWithMoreFdsThanTheReceiverMadeRoomForIsAnErrorAndLeaksNothing() {
        Sockets.Pair pair = seqpacketPair();
        Fds.Pipe a = Fds.pipe2(cs, Fds.O_CLOEXEC);
        Fds.Pipe b = Fds.pipe2(cs, Fds.O_CLOEXEC);
        List.of(a.read(), a.write(), b.read(), b.write()).forEach(this::keep);
        // Room for one fd is CMSG_SPACE(4) = 24 bytes, which holds two: three do not fit.
        FdPassing.send(cs, pair.first(), new byte[] {1}, List.of(a.write(), b.write(), a.read()));
        int before = Children.ownFds().size();

        assertThatThrownBy(() -> FdPassing.receive(cs, pair.second(), new byte[1], 1)).isInstanceOf(SysException.class)
                .hasMessageContaining("truncated");
        assertThat(Children.ownFds()).hasSize(before);
    }

    @Test
    void moreFdsThanTheKernelTakesInOneMessageAreRefusedBeforeSending() {
        Sockets.Pair pair = seqpacketPair();
        List<Fd> many = java.util.Collections.nCopies(FdPassing.MAX_FDS_PER_MESSAGE + 1, pair.first());
        assertThatThrownBy(() -> FdPassing.send(cs, pair.first(), new byte[] {1}, many))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCmsgMacrosMatchTheirCDefinitionsForOneAndThreeFds() {
        assertThat(FdPassing.cmsgLen(4)).isEqualTo(20);
        assertThat(FdPassing.cmsgSpace(4)).isEqualTo(24);
        assertThat(FdPassing.cmsgSpace(12)).isEqualTo(32);
        assertThat(FdPassing.MSGHDR.byteSize()).isEqualTo(56);
        assertThat(FdPassing.CMSGHDR.byteSize()).isEqualTo(16);
    }

    @Test
    void theClosedPeerReadsAsZeroBytesAndNoFds() {
        Sockets.Pair pair = seqpacketPair();
        pair.first().close(cs);
        FdPassing.Received received = FdPassing.receive(cs, pair.second(), new byte[8], 4);
        assertThat(received.bytes()).isZero();
        assertThat(received.fds()).isEmpty();
    }

    private static String link(Fd fd) {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd.value())).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
