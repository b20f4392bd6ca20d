// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pipe2, fcntl, read, write, close and the close-once {@link Fd}. */
@EnabledOnOs(OS.LINUX)
class FdsTest {
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
    void pipeCarriesBytesAndReportsEmptyAsMinusOneAndEofAsZero() {
        try (Fds.Pipe pipe = Fds.pipe2(cs, Fds.O_CLOEXEC)) {
            Fds.setNonBlocking(cs, pipe.read().value());
            MemorySegment buffer = arena.allocate(16);
            assertThat(Fds.read(cs, pipe.read().value(), buffer, 16)).as("empty non-blocking pipe").isEqualTo(-1);

            assertThat(Fds.write(cs, pipe.write().value(), arena.allocateFrom("hi"), 2)).isEqualTo(2);
            assertThat(Fds.read(cs, pipe.read().value(), buffer, 16)).isEqualTo(2);
            assertThat(buffer.getString(0)).isEqualTo("hi");

            pipe.write().close(cs);
            assertThat(Fds.read(cs, pipe.read().value(), buffer, 16)).as("EOF").isZero();
        }
    }

    @Test
    void pipe2WithCloexecMarksBothEndsAndLeavesThemBlocking() {
        try (Fds.Pipe pipe = Fds.pipe2(cs, Fds.O_CLOEXEC)) {
            for (Fd end : new Fd[] {pipe.read(), pipe.write()}) {
                assertThat(Fds.fcntl(cs, end.value(), Fds.F_GETFD, 0)).isEqualTo(Fds.FD_CLOEXEC);
                assertThat(Fds.fcntl(cs, end.value(), Fds.F_GETFL, 0) & Fds.O_NONBLOCK).isZero();
            }
        }
    }

    @Test
    void setNonBlockingAddsTheFlagAndKeepsTheAccessMode() {
        try (Fds.Pipe pipe = Fds.pipe2(cs, Fds.O_CLOEXEC)) {
            Fds.setNonBlocking(cs, pipe.write().value());

            int flags = Fds.fcntl(cs, pipe.write().value(), Fds.F_GETFL, 0);
            assertThat(flags & Fds.O_NONBLOCK).isEqualTo(Fds.O_NONBLOCK);
            assertThat(flags & 3).isEqualTo(Fds.O_WRONLY);
        }
    }

    @Test
    void dupfdCloexecGivesACloseOnExecCopyAtOrAboveTheMinimum() {
        try (Fds.Pipe pipe = Fds.pipe2(cs, Fds.O_CLOEXEC)) {
            int min = pipe.write().value() + 100;
            try (Fd copy = Fd.of(Fds.fcntl(cs, pipe.read().value(), Fds.F_DUPFD_CLOEXEC, min))) {
                assertThat(copy.value()).isGreaterThanOrEqualTo(min);
                assertThat(Fds.fcntl(cs, copy.value(), Fds.F_GETFD, 0)).isEqualTo(Fds.FD_CLOEXEC);
            }
        }
    }

    @Test
    void fdClosesOnceAndRefusesUseAfterClose() {
        Fds.Pipe pipe = Fds.pipe2(cs, Fds.O_CLOEXEC);
        pipe.close();

        pipe.read().close(cs);
        pipe.read().close();
        assertThat(pipe.read().isOpen()).isFalse();
        assertThat(pipe.read().toString()).endsWith(", closed]");
        assertThatThrownBy(() -> pipe.read().value()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Fd.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
