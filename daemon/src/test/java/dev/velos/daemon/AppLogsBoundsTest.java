// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

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

import dev.velos.ipc.PagedResponse;
import dev.velos.ipc.StreamingResponse;
import dev.velos.ipc.WireTypes;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AppLogs without a supervisor (issue 14.8): reads merge every file by time in pages, a follower
 * that does not take its lines holds at most about 1 MiB of them and is told how many it lost.
 */
class AppLogsBoundsTest {
    @TempDir
    Path dir;

    private static void line(AppLogs logs, int id, String name, LogStream stream, long ts, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        logs.beginRead();
        logs.acceptRaw(id, name, stream, ts, bytes, 0, bytes.length, false);
        logs.endOfRead();
    }

    @Test
    void aReadMergesAppsAndStreamsByTimeInPagesNewestFirst() throws Exception {
        try (AppLogs logs = new AppLogs(dir, t -> { throw new AssertionError("writer died", t); })) {
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
            List<List<WireTypes.LogEntry>> pages = new ArrayList<>();
            @SuppressWarnings("unchecked")
            Object result = logs.read(ids, 25_000, "all", 0).produce(page -> pages.add((List<WireTypes.LogEntry>) page));
            assertThat(result).isEqualTo(Map.of("lines", 25_000));
            assertThat(pages).hasSizeGreaterThan(1);
            // A page closes at the first line that reaches its budget.
            pages.forEach(p -> assertThat(p.stream().mapToLong(e -> e.text().length()).sum())
                    .isLessThan(AppLogs.PAGE_BYTES + 1024));
            List<String> newestFirst = pages.stream().flatMap(List::stream).map(WireTypes.LogEntry::text).toList();
            assertThat(newestFirst.reversed()).containsExactlyElementsOf(expected.subList(5_000, 30_000));
        }
    }

    @Test
    void aFollowerThatStopsTakingLinesHoldsAboutOneMebibyteAndHearsHowManyItLost() throws Exception {
        try (AppLogs logs = new AppLogs(dir, t -> { throw new AssertionError("writer died", t); })) {
            List<WireTypes.LogEntry> received = new ArrayList<>();
            CompletableFuture<Void> firstLine = new CompletableFuture<>();
            CompletableFuture<Void> resume = new CompletableFuture<>();
            StreamingResponse follow = logs.follow(Map.of("chatty", 1), false, 0, "all");
            Thread follower = Thread.ofVirtual().start(() -> {
                try {
                    follow.stream(new StreamingResponse.EventSink() {
                        @Override
                        public boolean send(Object event) {
                            WireTypes.LogEntry e = (WireTypes.LogEntry) event;
                            received.add(e);
                            firstLine.complete(null);
                            resume.join(); // a client that stopped reading: the daemon's write blocks
                            return !e.text().startsWith("[velos]"); // the gap entry ends this test's stream
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
            // Until the follower is registered, lines pass it by.
            for (int i = 0; i < 200 && !firstLine.isDone(); i++) {
                line(logs, 1, "chatty", LogStream.STDOUT, 1, "first");
                Thread.sleep(50);
            }
            firstLine.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 2_000; i++) { // 16 MB for a follower that takes nothing
                line(logs, 1, "chatty", LogStream.STDOUT, 2, text);
            }
            resume.complete(null);
            follower.join(Duration.ofSeconds(20).toMillis());
            long queued = received.stream().filter(e -> e.text().equals(text)).count();
            assertThat(queued * (text.length() + 96)).as("lines held for the stalled follower")
                    .isLessThanOrEqualTo(AppLogs.FOLLOWER_BYTES);
            assertThat(received).anySatisfy(e -> assertThat(e.text())
                    .matches("\\[velos\\] \\d+ line\\(s\\) dropped: this client fell behind.*"));
        }
    }

}
