// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pidfd_open, pidfd_send_signal and waitid(P_PIDFD) around the life and death of a real child. */
@EnabledOnOs(OS.LINUX)
@Timeout(20)
class PidfdTest {
    private Arena arena;
    private CallState cs;
    private Children children;

    @BeforeEach
    void open() {
        arena = Arena.ofConfined();
        cs = CallState.allocate(arena);
        children = new Children(cs);
    }

    @AfterEach
    void closeAll() {
        try {
            children.close();
        } finally {
            arena.close();
        }
    }

    @Test
    void sendSignalAfterTheChildWasReapedReturnsFalse() {
        SpawnedChild child = children.spawn("/bin/true");
        Children.awaitReadable(cs, child.pidfd(), Children.TIMEOUT);
        assertThat(Wait.waitid(cs, Wait.P_PIDFD, child.pidfd().value(), Wait.WEXITED)).isPresent();

        assertThat(Pidfd.sendSignal(cs, child.pidfd(), Signals.SIGTERM, 0)).isFalse();
        assertThat(Children.readableNow(cs, child.pidfd())).as("a reaped child's pidfd stays readable").isTrue();
    }

    /**
     * The kernel still accepts signals for an exited child until it is reaped (verified on 6.18):
     * {@code true} from sendSignal does not mean "still running"; only the readable pidfd does.
     */
    @Test
    void sendSignalToAnExitedButUnreapedChildStillSucceeds() {
        SpawnedChild child = children.spawn("/bin/true");
        Children.awaitReadable(cs, child.pidfd(), Children.TIMEOUT);

        assertThat(Pidfd.sendSignal(cs, child.pidfd(), Signals.SIGTERM, 0)).isTrue();
        assertThat(children.reap(child)).isEqualTo(new Wait.Result(child.pid(), Wait.CLD_EXITED, 0));
    }

    @Test
    void sendSignalToALiveChildReturnsTrue() {
        SpawnedChild child = children.spawn("/bin/sleep", "5");

        assertThat(Pidfd.sendSignal(cs, child.pidfd(), 0, 0)).as("signal 0 only checks").isTrue();
        assertThat(Pidfd.sendSignal(cs, child.pidfd(), Signals.SIGTERM, 0)).isTrue();
        assertThat(children.reap(child)).isEqualTo(new Wait.Result(child.pid(), Wait.CLD_KILLED, Signals.SIGTERM));
    }

    @Test
    void waitidWithWnohangOnARunningChildReportsNothing() {
        SpawnedChild child = children.spawn("/bin/sleep", "5");

        assertThat(Wait.waitid(cs, Wait.P_PIDFD, child.pidfd().value(), Wait.WEXITED | Wait.WNOHANG)).isEmpty();
        assertThat(Children.readableNow(cs, child.pidfd())).isFalse();
    }

    @Test
    void waitidWithWnowaitLeavesTheZombieForTheRealReap() {
        SpawnedChild child = children.spawn("/bin/sh", "-c", "exit 7");
        Children.awaitReadable(cs, child.pidfd(), Children.TIMEOUT);

        Optional<Wait.Result> peek = Wait.waitid(cs, Wait.P_PIDFD, child.pidfd().value(), Wait.WEXITED | Wait.WNOWAIT);
        assertThat(peek).contains(new Wait.Result(child.pid(), Wait.CLD_EXITED, 7));
        assertThat(children.reap(child)).isEqualTo(new Wait.Result(child.pid(), Wait.CLD_EXITED, 7));
    }

    @Test
    void secondWaitidAfterTheReapReportsNothing() {
        SpawnedChild child = children.spawn("/bin/true");
        Children.awaitReadable(cs, child.pidfd(), Children.TIMEOUT);

        assertThat(Wait.waitid(cs, Wait.P_PIDFD, child.pidfd().value(), Wait.WEXITED)).isPresent();
        assertThat(Wait.waitid(cs, Wait.P_PIDFD, child.pidfd().value(), Wait.WEXITED | Wait.WNOHANG)).isEmpty();
    }

    @Test
    void secondPidfdOfTheSameChildSeesItsExitToo() {
        SpawnedChild child = children.spawn("/bin/sleep", "5");
        try (Fd second = Pidfd.open(cs, child.pid())) {
            assertThat(Fds.fcntl(cs, second.value(), Fds.F_GETFD, 0) & Fds.FD_CLOEXEC).isEqualTo(Fds.FD_CLOEXEC);
            assertThat(Pidfd.sendSignal(cs, second, Signals.SIGKILL, 0)).isTrue();

            Children.awaitReadable(cs, second, Children.TIMEOUT);
            assertThat(children.reap(child).killed()).isTrue();
        }
    }

    @Test
    void pidfdOpenOfAPidNoProcessCanHaveFailsWithEsrch() {
        int pid = Children.impossiblePid();

        assertThatThrownBy(() -> Pidfd.open(cs, pid))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ESRCH);
                    assertThat(e.getMessage()).startsWith("pidfd_open(pid=" + pid + "): error=3 ESRCH, ");
                });
    }

    @Test
    void killReturnsFalseForAPidNoProcessCanHave() {
        assertThat(Signals.kill(cs, Children.impossiblePid(), 0)).isFalse();
    }
}
