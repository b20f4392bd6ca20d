// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** epoll woken by eventfd: the event loop's doorbell and the packed {@code epoll_event} array. */
@EnabledOnOs(OS.LINUX)
@Timeout(20)
class EpollEventFdTest {
    /** Tokens with every byte non-zero, so a misplaced {@code data} field (offset 8 instead of 4) shows. */
    private static final long TOKEN_A = 0x0123_4567_89AB_CDEFL;
    private static final long TOKEN_B = 0xFEDC_BA98_7654_3210L;

    private Arena arena;
    private CallState cs;
    private Fd epoll;

    @BeforeEach
    void open() {
        arena = Arena.ofConfined();
        cs = CallState.allocate(arena);
        epoll = Epoll.create(cs);
    }

    @AfterEach
    void close() {
        try {
            epoll.close(cs);
        } finally {
            arena.close();
        }
    }

    @Test
    void eventfdSignalWakesEpollWaitWithTheRegisteredToken() {
        try (Fd doorbell = EventFd.create(cs, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK)) {
            Epoll.ctl(cs, epoll.value(), Epoll.EPOLL_CTL_ADD, doorbell.value(), Epoll.EPOLLIN, TOKEN_A);
            MemorySegment events = Epoll.allocateEvents(arena, 4);
            assertThat(Epoll.await(cs, epoll.value(), events, 0)).isZero();

            EventFd.signal(cs, doorbell);

            assertThat(Epoll.await(cs, epoll.value(), events, 5_000)).isEqualTo(1);
            assertThat(Epoll.events(events, 0) & Epoll.EPOLLIN).isEqualTo(Epoll.EPOLLIN);
            assertThat(Epoll.data(events, 0)).isEqualTo(TOKEN_A);
            assertThat(EventFd.drain(cs, doorbell, arena.allocate(8))).isEqualTo(1);
            assertThat(Epoll.await(cs, epoll.value(), events, 0)).as("drained doorbell").isZero();
            assertThat(EventFd.drain(cs, doorbell, arena.allocate(8))).as("drain of an empty counter").isZero();
        }
    }

    @Test
    void oneReusedEventSegmentRegistersManyFdsWithTheirOwnTokens() {
        MemorySegment ctlEvent = Epoll.allocateEvents(arena, 1);
        try (Fd a = EventFd.create(cs, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
             Fd b = EventFd.create(cs, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK)) {
            Epoll.ctl(cs, ctlEvent, epoll.value(), Epoll.EPOLL_CTL_ADD, a.value(), Epoll.EPOLLIN, TOKEN_A);
            Epoll.ctl(cs, ctlEvent, epoll.value(), Epoll.EPOLL_CTL_ADD, b.value(), Epoll.EPOLLIN, TOKEN_B);
            EventFd.signal(cs, a);
            EventFd.signal(cs, b);
            MemorySegment events = Epoll.allocateEvents(arena, 4);

            assertThat(Epoll.await(cs, epoll.value(), events, 5_000)).isEqualTo(2);
            assertThat(Set.of(Epoll.data(events, 0), Epoll.data(events, 1))).containsExactlyInAnyOrder(TOKEN_A, TOKEN_B);

            Epoll.ctl(cs, ctlEvent, epoll.value(), Epoll.EPOLL_CTL_DEL, a.value(), 0, TOKEN_A);
            assertThat(Epoll.await(cs, epoll.value(), events, 0)).isEqualTo(1);
            assertThat(Epoll.data(events, 0)).isEqualTo(TOKEN_B);
        }
    }

    @Test
    void waitWithNothingReadyReturnsZeroAfterTheTimeout() {
        try (Fd doorbell = EventFd.create(cs, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK)) {
            Epoll.ctl(cs, epoll.value(), Epoll.EPOLL_CTL_ADD, doorbell.value(), Epoll.EPOLLIN, TOKEN_A);
            MemorySegment events = Epoll.allocateEvents(arena, 1);

            long start = System.nanoTime();
            int ready = Epoll.await(cs, epoll.value(), events, 50);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(ready).isZero();
            assertThat(elapsedMillis).isBetween(40L, 5_000L);
        }
    }

    @Test
    void signalFromAnotherThreadWakesABlockedWait() throws InterruptedException {
        try (Fd doorbell = EventFd.create(cs, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK)) {
            Epoll.ctl(cs, epoll.value(), Epoll.EPOLL_CTL_ADD, doorbell.value(), Epoll.EPOLLIN, TOKEN_B);
            MemorySegment events = Epoll.allocateEvents(arena, 1);
            Thread ringer = Thread.ofPlatform().start(() -> {
                try (Arena own = Arena.ofConfined()) {
                    Thread.sleep(100);
                    EventFd.signal(CallState.allocate(own), doorbell);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            long start = System.nanoTime();
            int ready = Epoll.await(cs, epoll.value(), events, 10_000);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            ringer.join();

            assertThat(ready).isEqualTo(1);
            assertThat(Epoll.data(events, 0)).isEqualTo(TOKEN_B);
            assertThat(elapsedMillis).isLessThan(5_000L);
        }
    }

    @Test
    void severalReadyFdsEachReportTheirOwnTokenInTheEventArray() {
        try (Fd a = EventFd.create(cs, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
             Fd b = EventFd.create(cs, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK)) {
            Epoll.ctl(cs, epoll.value(), Epoll.EPOLL_CTL_ADD, a.value(), Epoll.EPOLLIN, TOKEN_A);
            Epoll.ctl(cs, epoll.value(), Epoll.EPOLL_CTL_ADD, b.value(), Epoll.EPOLLIN | Epoll.EPOLLET, TOKEN_B);
            EventFd.signal(cs, a);
            EventFd.signal(cs, b);
            MemorySegment events = Epoll.allocateEvents(arena, 4);
            assertThat(events.byteSize()).isEqualTo(4 * Epoll.EVENT.byteSize());

            int ready = Epoll.await(cs, epoll.value(), events, 5_000);

            assertThat(ready).isEqualTo(2);
            Set<Long> tokens = new HashSet<>();
            for (int i = 0; i < ready; i++) {
                assertThat(Epoll.events(events, i)).isEqualTo(Epoll.EPOLLIN);
                tokens.add(Epoll.data(events, i));
            }
            assertThat(tokens).containsExactlyInAnyOrder(TOKEN_A, TOKEN_B);
        }
    }

    @Test
    void deregisteredFdNoLongerWakesTheWait() {
        try (Fd doorbell = EventFd.create(cs, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK)) {
            Epoll.ctl(cs, epoll.value(), Epoll.EPOLL_CTL_ADD, doorbell.value(), Epoll.EPOLLIN, TOKEN_A);
            Epoll.ctl(cs, epoll.value(), Epoll.EPOLL_CTL_DEL, doorbell.value(), 0, 0);
            EventFd.signal(cs, doorbell);

            assertThat(Epoll.await(cs, epoll.value(), Epoll.allocateEvents(arena, 1), 0)).isZero();
        }
    }

    @Test
    void epollAndEventFdAreCloseOnExecAndTheEventFdNonBlocking() {
        try (Fd doorbell = EventFd.create(cs, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK)) {
            assertThat(Fds.fcntl(cs, epoll.value(), Fds.F_GETFD, 0) & Fds.FD_CLOEXEC).isEqualTo(Fds.FD_CLOEXEC);
            assertThat(Fds.fcntl(cs, doorbell.value(), Fds.F_GETFD, 0) & Fds.FD_CLOEXEC).isEqualTo(Fds.FD_CLOEXEC);
            assertThat(Fds.fcntl(cs, doorbell.value(), Fds.F_GETFL, 0) & Fds.O_NONBLOCK).isEqualTo(Fds.O_NONBLOCK);
        }
    }

    @Test
    void registeringAnInvalidFdFailsWithEbadf() {
        assertThatThrownBy(() -> Epoll.ctl(cs, epoll.value(), Epoll.EPOLL_CTL_ADD, -1, Epoll.EPOLLIN, TOKEN_A))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EBADF);
                    assertThat(e.syscall()).isEqualTo("epoll_ctl");
                });
    }
}
