// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.Level;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log store without a daemon: reads merge every file by time in pages, every line handed out
 * carries its level, and a follower that does not take its lines holds at most about 1 MiB of them
 * and is told how many it lost.
 */
class LogStoreTest {
    @TempDir
    Path dir;

    static void line(LogStore logs, int id, String name, LogStream stream, long ts, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        logs.beginRead();
        logs.acceptRaw(id, name, stream, ts, bytes, 0, bytes.length, false);
        logs.endOfRead();
    }

    static LogStore store(Path dir) {
        return new LogStore(dir, t -> { throw new AssertionError("writer died", t); });
    }

    @Test
    void aReadMergesAppsAndStreamsByTimeInPagesNewestFirst() throws Exception {
        try (LogStore logs = store(dir)) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 30_000; i++) {
                String name = i % 3 == 0 ? "api" : "worker";
                LogStream stream = i % 2 == 0 ? LogStream.STDOUT : LogStream.STDERR;
                String text = "line " + i + " " + "x".repeat(100);
                line(logs, name.equals("api") ? 1 : 2, name, stream, 1_000_000 + i, text);
                expected.add(text);
            }
            Map<String, Integer> ids = new LinkedHashMap<>(Map.of("api", 1));
            ids.put("worker", 2);
            List<List<StoredLine>> pages = new ArrayList<>();
            int sent = logs.read(ids, 25_000, "all", 0, pages::add);
            assertThat(sent).isEqualTo(25_000);
            assertThat(pages).hasSizeGreaterThan(1);
            pages.forEach(p -> assertThat(p.stream().mapToLong(e -> e.text().length()).sum())
                    .isLessThan(LogStore.PAGE_BYTES + 1024));
            List<String> newestFirst = pages.stream().flatMap(List::stream).map(StoredLine::text).toList();
            assertThat(newestFirst.reversed()).containsExactlyElementsOf(expected.subList(5_000, 30_000));
            assertThat(pages.getFirst().getFirst().id()).isEqualTo(2);
        }
    }

    @Test
    void readAndFollowedLinesCarryTheClassifiersLevel() throws Exception {
        try (LogStore logs = store(dir)) {
            line(logs, 1, "api", LogStream.STDOUT, 1_000, "ERROR: connection refused");
            line(logs, 1, "api", LogStream.STDERR, 1_001, "something on stderr");
            line(logs, 1, "api", LogStream.STDOUT, 1_002, "{\"level\":\"debug\",\"msg\":\"hi\"}");
            List<StoredLine> read = new ArrayList<>();
            logs.newestFirst(Map.of("api", 1), 10, "all", 0, read::add);
            assertThat(read).extracting(StoredLine::level).containsExactly(Level.DEBUG, Level.WARN, Level.ERROR);
            assertThat(read.get(1).stream()).isEqualTo(LogStream.STDERR);

            List<StoredLine> followed = new ArrayList<>();
            CompletableFuture<Void> got = new CompletableFuture<>();
            Thread follower = Thread.ofVirtual().start(() -> {
                try {
                    logs.follow(Map.of("api", 1), false, 0, "all", new LogStore.FollowSink() {
                        @Override
                        public boolean send(StoredLine l) {
                            followed.add(l);
                            got.complete(null);
                            return false;
                        }

                        @Override
                        public boolean isOpen() {
                            return true;
                        }
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < 200 && !got.isDone(); i++) {
                line(logs, 1, "api", LogStream.STDOUT, 2_000, "FATAL: out of cheese");
                Thread.sleep(50);
            }
            got.get(10, TimeUnit.SECONDS);
            follower.join();
            assertThat(followed.getFirst().level()).isEqualTo(Level.FATAL);
        }
    }

    @Test
    void aFollowerThatStopsTakingLinesHoldsAboutOneMebibyteAndHearsHowManyItLost() throws Exception {
        try (LogStore logs = store(dir)) {
            List<StoredLine> received = new ArrayList<>();
            CompletableFuture<Void> firstLine = new CompletableFuture<>();
            CompletableFuture<Void> resume = new CompletableFuture<>();
            Thread follower = Thread.ofVirtual().start(() -> {
                try {
                    logs.follow(Map.of("chatty", 1), false, 0, "all", new LogStore.FollowSink() {
                        @Override
                        public boolean send(StoredLine e) {
                            received.add(e);
                            firstLine.complete(null);
                            resume.join(); // a client that stopped reading
                            return !e.text().startsWith("[velos]"); // the gap line ends this test's stream
                        }

                        @Override
                        public boolean isOpen() {
                            return true;
                        }
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            String text = "y".repeat(8000);
            for (int i = 0; i < 200 && !firstLine.isDone(); i++) {
                line(logs, 1, "chatty", LogStream.STDOUT, 1, "first");
                Thread.sleep(50);
            }
            firstLine.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 2_000; i++) {
                line(logs, 1, "chatty", LogStream.STDOUT, 2, text);
            }
            resume.complete(null);
            follower.join(Duration.ofSeconds(20).toMillis());
            long queued = received.stream().filter(e -> e.text().equals(text)).count();
            assertThat(queued * (text.length() + LogStore.LINE_OVERHEAD)).isLessThanOrEqualTo(LogStore.FOLLOWER_BYTES);
            assertThat(received).anySatisfy(e -> {
                assertThat(e.text()).matches("\\[velos\\] \\d+ line\\(s\\) dropped: this client fell behind.*");
                assertThat(e.level()).isEqualTo(Level.WARN);
            });
        }
    }
}
