// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumingThat;

/** errno capture from a real failing call, and the message format logs rely on. */
@EnabledOnOs(OS.LINUX)
class ErrnoExceptionTest {

    @Test
    void closeOfAnInvalidFdThrowsWithSyscallDetailNumberNameAndText() {
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);

            assertThatThrownBy(() -> Fds.close(cs, -1)).isInstanceOfSatisfying(ErrnoException.class, e -> {
                assertThat(e.errno()).isEqualTo(Errno.EBADF);
                assertThat(e.is(Errno.EBADF)).isTrue();
                assertThat(e.number()).isEqualTo(9);
                assertThat(e.syscall()).isEqualTo("close");
                assertThat(e.detail()).isEqualTo("fd=-1");
                assertThat(e.getMessage()).isEqualTo("close(fd=-1): error=9 EBADF, " + Errno.describe(9));
                assumingThat(Errno.describe(Errno.ENOENT.number()).equals("No such file or directory"), // English C library
                        () -> assertThat(e.getMessage()).isEqualTo("close(fd=-1): error=9 EBADF, Bad file descriptor"));
            });
            assertThat(cs.errno()).as("captured errno stays readable after the call").isEqualTo(9);
        }
    }

    @Test
    void messageWithoutDetailNamesOnlyTheSyscall() {
        assertThat(ErrnoException.of(Errno.ESRCH.number(), "pidfd_open").getMessage())
                .startsWith("pidfd_open: error=3 ESRCH, ");
    }

    @Test
    void numberWithoutANameIsKeptRawAndReportedAsUnknown() {
        ErrnoException e = ErrnoException.of(200, "ioctl", "fd=3");

        assertThat(e.errno()).isEqualTo(Errno.UNKNOWN);
        assertThat(e.number()).isEqualTo(200);
        assertThat(e.getMessage()).startsWith("ioctl(fd=3): error=200 UNKNOWN, ");
    }

    @Test
    void errnoOfMapsNumbersToNamesAndAnythingElseToUnknown() {
        assertThat(Errno.of(2)).isEqualTo(Errno.ENOENT);
        assertThat(Errno.of(11)).isEqualTo(Errno.EAGAIN);
        assertThat(Errno.of(0)).isEqualTo(Errno.UNKNOWN);
        assertThat(Errno.of(-1)).as("UNKNOWN's own placeholder number").isEqualTo(Errno.UNKNOWN);
        assertThat(Errno.of(4095)).isEqualTo(Errno.UNKNOWN);
    }
}
