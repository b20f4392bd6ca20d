// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** socketpair and sd_notify datagrams. */
@EnabledOnOs(OS.LINUX)
class SocketsTest {

    @Test
    void socketPairEndsAreCloseOnExecAndNonBlockingOnlyWhenAsked() {
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            try (Sockets.Pair blocking = Sockets.socketpair(cs, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC);
                 Sockets.Pair nonBlocking = Sockets.socketpair(cs,
                         Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC | Sockets.SOCK_NONBLOCK)) {
                for (Fd end : new Fd[] {blocking.first(), blocking.second(), nonBlocking.first(), nonBlocking.second()}) {
                    assertThat(Fds.fcntl(cs, end.value(), Fds.F_GETFD, 0) & Fds.FD_CLOEXEC).isEqualTo(Fds.FD_CLOEXEC);
                }
                assertThat(Fds.fcntl(cs, blocking.first().value(), Fds.F_GETFL, 0) & Fds.O_NONBLOCK).isZero();
                assertThat(Fds.fcntl(cs, nonBlocking.first().value(), Fds.F_GETFL, 0) & Fds.O_NONBLOCK)
                        .isEqualTo(Fds.O_NONBLOCK);
            }
        }
    }

    @Test
    void aDatagramSentToAnAbstractAddressArrivesWholeAndReceiveNowIsEmptyAfterwards() {
        String name = "@velos-sockets-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            try (Fd receiver = Sockets.socket(cs, Sockets.AF_UNIX, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC);
                 Fd sender = Sockets.socket(cs, Sockets.AF_UNIX, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC)) {
                Sockets.bindUnix(cs, receiver, name);
                assertThat(Sockets.sendToUnix(cs, sender, name, "READY=1".getBytes())).isEqualTo(7);

                assertThat(Sockets.receiveNow(cs, receiver, 4096)).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("READY=1"));
                assertThat(Sockets.receiveNow(cs, receiver, 4096)).isEmpty();
            }
        }
    }

    @Test
    void sendingToAPathNobodyListensOnFailsWithEnoent() {
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            try (Fd sender = Sockets.socket(cs, Sockets.AF_UNIX, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC)) {
                assertThatThrownBy(() -> Sockets.sendToUnix(cs, sender, "/nonexistent/velos/notify.sock", new byte[] {1}))
                        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
            }
        }
    }
}
