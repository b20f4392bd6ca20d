// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.ipc.Commands;
import dev.velos.ipc.FrameCodec;
import dev.velos.ipc.LogCodecs;
import dev.velos.ipc.Messages;
import dev.velos.ipc.WireTypes;
import dev.velos.logs.LogFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14.8 through the real daemon (default heap, -Xmx64m): a client that stops reading, a
 * huge read, a huge request — each bounded in bytes, and every other client still served.
 */
@org.junit.jupiter.api.parallel.Isolated("load-sensitive: runs alone while the other end-to-end classes run two at a time")
class BoundedBuffersEndToEndTest extends EndToEndTest {
    private static final long MiB = 1024 * 1024;

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(velos.socket()));
        return ch;
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aStalledFollowerOfAChattyAppKeepsTheDaemonsHeapBoundedAndOthersServed() throws Exception {
        velos.ok("start", script("chatty.sh", "line=$(head -c 8000 /dev/zero | tr '\\0' x); while true; do echo \"$line\"; done")
                .toString(), "--name", "chatty", "--log-max-size", "4M", "--log-retain-count", "2");
        long daemon = velos.daemonPid().orElseThrow();
        try (SocketChannel stalled = connect()) {
            // Follows and never reads: the daemon's writes to it block, its queue fills.
            FrameCodec.write(stalled, Messages.request(1, Commands.LOGS_FOLLOW, new WireTypes.LogsArgs("chatty", 0, "all")));
            long maxUsed = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                Thread.sleep(2000);
                maxUsed = Math.max(maxUsed, DaemonHeap.used(daemon));
                assertThat(velos.run(Duration.ofSeconds(20), "list").exit()).as("another client is served").isZero();
            }
            long live = DaemonHeap.liveAfterGc(daemon);
            System.out.printf("stalled follower + chatty app, 30 s: heap used at most %.1f MiB, live after GC %.1f MiB%n",
                    maxUsed / (double) MiB, live / (double) MiB);
            // Bounded by design: the writer's queue pauses pipe reading at 16 MiB, its buffer pool holds
            // at most 8 MiB, the follower's queue 1 MiB; the rest is the daemon itself (~5 MiB).
            assertThat(live).as("live heap after 30 s").isLessThan(40 * MiB);
            assertThat(velos.daemonPid()).contains(daemon);

            // The stalled client, reading again, is told how many lines it missed, as an ordinary line.
            stalled.configureBlocking(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Optional<byte[]> frame = FrameCodec.read(stalled);
                return frame.isPresent() && Messages.decodeResponse(frame.get()).result().as(LogCodecs.LOG_ENTRY)
                        .text().matches("\\[velos\\] \\d+ line\\(s\\) dropped: this client fell behind.*");
            });
        }
        velos.ok("stop", "chatty");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void logsOf200000LinesFromALargeLogAreCompleteWithABoundedHeap() throws Exception {
        velos.ok("start", script("quiet.sh", "exec sleep 1000").toString(), "--name", "big");
        // 250,000 lines of ~300 bytes (~75 MB) over a rotation and the live file, written as the daemon writes them.
        int total = 250_000;
        long start = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
        String padding = "p".repeat(270);
        Path live = velos.logs().resolve("big-out.log");
        LogFormat.Stamper stamper = new LogFormat.Stamper();
        try (BufferedWriter older = Files.newBufferedWriter(velos.logs().resolve("big-out.log.1"));
             BufferedWriter newer = Files.newBufferedWriter(live)) {
            for (int i = 0; i < total; i++) {
                BufferedWriter out = i < total / 2 ? older : newer;
                out.write(new String(stamper.bytes(start + i), StandardCharsets.US_ASCII));
                out.write(String.format(" line %06d %s%n", i, padding));
            }
        }
        long daemon = velos.daemonPid().orElseThrow();

        VelosCli.Result r = velos.run(Duration.ofSeconds(150), "logs", "big", "-l", "200000", "--raw");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(200_000);
        assertThat(lines.getFirst()).startsWith("line " + String.format("%06d", total - 200_000));
        assertThat(lines.getLast()).startsWith("line " + String.format("%06d", total - 1));
        for (int i = 0; i < lines.size(); i += 9973) {
            assertThat(lines.get(i)).startsWith("line " + String.format("%06d", total - 200_000 + i));
        }
        long live0 = DaemonHeap.liveAfterGc(daemon);
        System.out.printf("logs -l 200000 over %.0f MB: daemon live heap after GC %.1f MiB%n",
                (Files.size(live) * 2) / 1e6, live0 / (double) MiB);
        assertThat(live0).isLessThan(24 * MiB);
        assertThat(velos.ok("logs", "big", "--summary", "-l", "200000", "--json").json().get("total_lines").asLong())
                .isEqualTo(200_000);
        assertThat(velos.daemonPid()).contains(daemon);
    }

    @Test
    void aValidFrameOf15AndAHalfMiBIsRefusedWithAnAnswerAndTheDaemonGoesOn() throws Exception {
        velos.ok("list");
        try (SocketChannel ch = connect()) {
            byte[] body = Messages.request(9, Commands.START, Map.of("script", "x".repeat(15 * (int) MiB + (int) MiB / 2)));
            FrameCodec.write(ch, body);
            Messages.Response answer = Messages.decodeResponse(FrameCodec.read(ch).orElseThrow());
            assertThat(answer.ok()).isFalse();
            assertThat(answer.errorMessage()).contains("over the 1024 KiB limit");
            assertThat(ch.read(ByteBuffer.allocate(1))).as("then the connection is closed").isEqualTo(-1);
        }
        assertThat(velos.ok("ping").out()).contains("pong");
    }
}
