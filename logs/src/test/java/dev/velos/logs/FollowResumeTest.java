// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A follower knows its place in every file (timestamp and ordinal of the last line per app and
 * stream), whether its lines came live or from the files, so that one whose connection broke
 * resumes on another store over the same files — a daemon restart — with every line it missed and
 * none twice (issue 20).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FollowResumeTest {
    @TempDir
    Path dir;

    /** One read of a pipe: every line stamped {@code ts}, as the supervisor hands them over. */
    private static void burst(LogStore logs, String name, LogStream stream, long ts, List<String> lines) {
        byte[] all = String.join("", lines).getBytes(StandardCharsets.UTF_8);
        int[] starts = new int[lines.size()];
        int[] lengths = new int[lines.size()];
        int at = 0;
        for (int i = 0; i < lines.size(); i++) {
            starts[i] = at;
            lengths[i] = lines.get(i).getBytes(StandardCharsets.UTF_8).length;
            at += lengths[i];
        }
        logs.beginRead();
        logs.acceptLines(1, name, stream, ts, all, starts, lengths, lines.size());
        logs.endOfRead();
    }

    private static List<String> numbered(String prefix, int from, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            lines.add(prefix + i);
        }
        return lines;
    }

    /** Follows {@code app} until {@code take} lines came, on a virtual thread; returns them. */
    private static List<StoredLine> follow(LogStore logs, int lines, FollowResume from, int take, Runnable whileFollowing)
            throws InterruptedException {
        List<StoredLine> got = new CopyOnWriteArrayList<>();
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                logs.follow(Map.of("app", 1), false, lines, "all", from, new LogStore.FollowSink() {
                    @Override
                    public boolean send(StoredLine line) {
                        got.add(line);
                        return got.size() < take;
                    }

                    @Override
                    public boolean isOpen() {
                        return got.size() < take;
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        whileFollowing.run();
        follower.join(Duration.ofSeconds(30));
        assertThat(follower.isAlive()).as("the follower got %d of %d lines", got.size(), take).isFalse();
        return got;
    }

    /** What a client keeps of what it got: the last place per app and stream. */
    private static FollowResume marks(List<StoredLine> got, long afterMs) {
        Map<String, FollowResume.Mark> last = new LinkedHashMap<>();
        got.forEach(l -> last.put(l.stream() + l.name(), new FollowResume.Mark(l.name(), l.stream(), l.timestampMs(), l.ordinal())));
        return new FollowResume(afterMs, List.copyOf(last.values()));
    }

    private static LogStore store(Path dir) {
        return new LogStore(dir, t -> { throw new AssertionError("writer died", t); });
    }

    @Test
    void aFollowerResumingOnANewStoreOverTheSameFilesGetsEveryMissedLineOnce() throws Exception {
        List<StoredLine> first;
        LogStore old = store(dir);
        // 12 lines live, cut inside a millisecond's run of 5; the old store then gets 9 more the follower never saw.
        first = follow(old, 0, FollowResume.NONE, 12, () -> {
            sleep(200);
            for (int run = 0; run < 4; run++) {
                burst(old, "app", LogStream.STDOUT, 1_000 + run, numbered("out-", run * 5, 5));
            }
        });
        burst(old, "app", LogStream.STDOUT, 1_004, numbered("out-", 20, 1));
        burst(old, "app", LogStream.STDERR, 1_004, numbered("err-", 0, 3));
        old.close();
        assertThat(first).extracting(StoredLine::text).containsExactlyElementsOf(numbered("out-", 0, 12));
        assertThat(first.get(11).ordinal()).isEqualTo(2);

        try (LogStore successor = store(dir)) {
            // 9 missed lines (out-12..20, err-0..2 minus none seen) from the files, then 4 new ones live.
            List<StoredLine> resumed = follow(successor, 15, marks(first, 900), 9 + 3 + 4, () -> {
                sleep(300);
                burst(successor, "app", LogStream.STDOUT, 2_000, numbered("out-", 21, 2));
                burst(successor, "app", LogStream.STDERR, 2_000, numbered("err-", 3, 2));
            });
            assertThat(resumed.stream().filter(l -> l.stream() == LogStream.STDOUT).map(StoredLine::text))
                    .containsExactlyElementsOf(numbered("out-", 12, 11));
            assertThat(resumed.stream().filter(l -> l.stream() == LogStream.STDERR).map(StoredLine::text))
                    .containsExactlyElementsOf(numbered("err-", 0, 5));
        }
    }

    @Test
    void aHistoryThatStartsInsideAMillisecondKnowsItsOrdinalsAndResumesWithoutRepeats() throws Exception {
        try (LogStore logs = store(dir)) {
            burst(logs, "app", LogStream.STDOUT, 5_000, numbered("x-", 0, 10));
            List<StoredLine> history = follow(logs, 3, FollowResume.NONE, 3, () -> { });
            assertThat(history).extracting(StoredLine::text).containsExactly("x-7", "x-8", "x-9");
            assertThat(history).extracting(StoredLine::ordinal).containsExactly(8, 9, 10);

            burst(logs, "app", LogStream.STDOUT, 5_000, numbered("x-", 10, 2));
            List<StoredLine> resumed = follow(logs, 0, marks(history, 0), 2, () -> { });
            assertThat(resumed).extracting(StoredLine::text).containsExactly("x-10", "x-11");
            assertThat(resumed).extracting(StoredLine::ordinal).containsExactly(11, 12);
        }
    }

    @Test
    void anAppWithNoMarkResumesFromWhenTheFollowerBegan() throws Exception {
        try (LogStore logs = store(dir)) {
            burst(logs, "app", LogStream.STDERR, 1_000, List.of("before the follower began"));
            burst(logs, "app", LogStream.STDERR, 3_000, List.of("while it was away"));
            List<StoredLine> resumed = follow(logs, 0, new FollowResume(2_000, List.of()), 1, () -> { });
            assertThat(resumed).extracting(StoredLine::text).containsExactly("while it was away");
        }
    }

    @Test
    void liveLinesCarryTheOrdinalTheFilesGiveThem() throws Exception {
        try (LogStore logs = store(dir)) {
            List<StoredLine> live = follow(logs, 0, FollowResume.NONE, 7, () -> {
                sleep(200);
                burst(logs, "app", LogStream.STDOUT, 7_000, numbered("a-", 0, 4));
                burst(logs, "app", LogStream.STDOUT, 7_000, numbered("a-", 4, 3));
            });
            List<StoredLine> read = follow(logs, 7, FollowResume.NONE, 7, () -> { });
            assertThat(live).extracting(StoredLine::ordinal).containsExactly(1, 2, 3, 4, 5, 6, 7);
            assertThat(read).extracting(StoredLine::ordinal).containsExactlyElementsOf(
                    live.stream().map(StoredLine::ordinal).toList());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
