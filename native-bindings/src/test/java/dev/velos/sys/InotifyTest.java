// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** inotify on a real directory: events read through the non-blocking fd and parsed by {@link Inotify#parse}. */
@EnabledOnOs(OS.LINUX)
@Timeout(20)
class InotifyTest {
    private static final int DIRECTORY_EVENTS = Inotify.IN_CREATE | Inotify.IN_MODIFY | Inotify.IN_CLOSE_WRITE
            | Inotify.IN_MOVED_FROM | Inotify.IN_MOVED_TO | Inotify.IN_DELETE;

    private Arena arena;
    private CallState cs;
    private Fd inotify;

    @BeforeEach
    void open() {
        arena = Arena.ofConfined();
        cs = CallState.allocate(arena);
        inotify = Inotify.init(cs);
    }

    @AfterEach
    void close() {
        try {
            inotify.close(cs);
        } finally {
            arena.close();
        }
    }

    @Test
    void createWriteAndRenameInAWatchedDirectoryArriveAsParsedEvents(@TempDir Path dir) throws IOException {
        int wd = Inotify.addWatch(cs, inotify, dir.toString(), DIRECTORY_EVENTS);
        String longName = "n".repeat(200);

        Files.writeString(dir.resolve("a.txt"), "hello");
        Files.move(dir.resolve("a.txt"), dir.resolve("b.txt"));
        Files.writeString(dir.resolve(longName), "x");

        List<Inotify.Event> events = readUntil(list -> list.stream()
                .anyMatch(e -> e.has(Inotify.IN_CLOSE_WRITE) && e.name().equals(longName)));
        assertThat(events).allSatisfy(e -> assertThat(e.wd()).isEqualTo(wd));
        assertThat(named(events, "a.txt", Inotify.IN_CREATE)).hasSize(1);
        assertThat(named(events, "a.txt", Inotify.IN_MODIFY)).isNotEmpty();
        assertThat(named(events, "a.txt", Inotify.IN_CLOSE_WRITE)).hasSize(1);
        Inotify.Event from = named(events, "a.txt", Inotify.IN_MOVED_FROM).getFirst();
        Inotify.Event to = named(events, "b.txt", Inotify.IN_MOVED_TO).getFirst();
        assertThat(from.cookie()).isNotZero().isEqualTo(to.cookie());
        assertThat(to.has(Inotify.IN_ISDIR)).isFalse();
        assertThat(named(events, longName, Inotify.IN_CREATE)).singleElement()
                .satisfies(e -> assertThat(e.name()).hasSize(200));
    }

    @Test
    void subdirectoryEventsCarryIsdirAndDeletionIsReported(@TempDir Path dir) throws IOException {
        Inotify.addWatch(cs, inotify, dir.toString(), DIRECTORY_EVENTS);

        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("gone"), "x");
        Files.delete(dir.resolve("gone"));

        List<Inotify.Event> events = readUntil(list -> !named(list, "gone", Inotify.IN_DELETE).isEmpty());
        assertThat(named(events, "sub", Inotify.IN_CREATE)).singleElement()
                .satisfies(e -> assertThat(e.has(Inotify.IN_ISDIR)).isTrue());
        assertThat(named(events, "gone", Inotify.IN_DELETE)).hasSize(1);
    }

    @Test
    void removingAWatchReportsIgnoredAndASecondRemoveIsHarmless(@TempDir Path dir) {
        int wd = Inotify.addWatch(cs, inotify, dir.toString(), DIRECTORY_EVENTS);

        Inotify.rmWatch(cs, inotify, wd);
        Inotify.rmWatch(cs, inotify, wd);

        List<Inotify.Event> events = readUntil(list -> list.stream().anyMatch(e -> e.has(Inotify.IN_IGNORED)));
        assertThat(events).filteredOn(e -> e.has(Inotify.IN_IGNORED)).singleElement()
                .satisfies(e -> {
                    assertThat(e.wd()).isEqualTo(wd);
                    assertThat(e.name()).isEmpty();
                });
    }

    @Test
    void readIntoABufferSmallerThanOneEventFailsWithEinval(@TempDir Path dir) throws IOException {
        Inotify.addWatch(cs, inotify, dir.toString(), DIRECTORY_EVENTS);
        Files.writeString(dir.resolve("a.txt"), "x");

        MemorySegment small = arena.allocate(20);
        assertThatThrownBy(() -> Fds.read(cs, inotify.value(), small, small.byteSize()))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void watchingAMissingPathFailsWithEnoent(@TempDir Path dir) {
        String missing = dir.resolve("missing").toString();
        assertThatThrownBy(() -> Inotify.addWatch(cs, inotify, missing, DIRECTORY_EVENTS))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(e.getMessage()).contains(missing);
                });
    }

    @Test
    void parseReadsBackToBackRecordsAndBoundsEachNameByLen() {
        MemorySegment buffer = arena.allocate(16 + 16 + 16);
        record(buffer, 0, 1, Inotify.IN_CREATE, 0, "abc", 16);
        record(buffer, 32, 1, Inotify.IN_DELETE_SELF, 0, "", 0);

        assertThat(Inotify.parse(buffer, 48)).containsExactly(
                new Inotify.Event(1, Inotify.IN_CREATE, 0, "abc"),
                new Inotify.Event(1, Inotify.IN_DELETE_SELF, 0, ""));
        assertThat(Inotify.parse(buffer, 40)).as("a truncated trailing header is not parsed")
                .containsExactly(new Inotify.Event(1, Inotify.IN_CREATE, 0, "abc"));
    }

    private static void record(MemorySegment buffer, long offset, int wd, int mask, int cookie, String name, int len) {
        buffer.set(JAVA_INT, offset, wd);
        buffer.set(JAVA_INT, offset + 4, mask);
        buffer.set(JAVA_INT, offset + 8, cookie);
        buffer.set(JAVA_INT, offset + 12, len);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(bytes, 0, buffer, JAVA_BYTE, offset + 16, bytes.length);
    }

    private static List<Inotify.Event> named(List<Inotify.Event> events, String name, int flag) {
        return events.stream().filter(e -> e.name().equals(name) && e.has(flag)).toList();
    }

    /** Reads and parses events until {@code done} holds for all read so far. */
    private List<Inotify.Event> readUntil(Predicate<List<Inotify.Event>> done) {
        List<Inotify.Event> events = new ArrayList<>();
        MemorySegment buffer = arena.allocate(Inotify.READ_BUFFER_SIZE);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.test(events)) {
            long n = Fds.read(cs, inotify.value(), buffer, buffer.byteSize());
            if (n > 0) {
                events.addAll(Inotify.parse(buffer, n));
            } else {
                assertThat(n).as("an inotify fd never reports EOF").isEqualTo(-1);
                Children.awaitReadable(cs, inotify, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        }
        return events;
    }
}
