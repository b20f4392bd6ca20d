// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many clients at once against many apps: 200 clients issuing list/info/logs (10 s here,
 * {@code -Dvelos.load.seconds=60} in make soak) with no errors and the p99 reported; then 1,000
 * clients connecting at the same moment, each served or refused cleanly, the daemon alive and its
 * descriptors back where they were.
 */
@org.junit.jupiter.api.parallel.Isolated("load-sensitive: runs alone while the other end-to-end classes run two at a time")
class LoadEndToEndTest extends EndToEndTest {
    private static final int SECONDS = Integer.getInteger("velos.load.seconds", 10);
    private static final int APPS = 100;
    private static final int CLIENTS = 200;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void twoHundredClientsAgainstAHundredAppsThenAThousandConnectingAtOnce() throws Exception {
        velos.ok("list");
        long pid = velos.daemonPid().orElseThrow();
        String script = script("svc.sh", "echo started $VELOS_N; exec sleep 3000").toString();
        try (VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(60))) {
            for (int i = 0; i < APPS; i++) {
                client.start(new WireTypes.StartArgs("app" + i, script, List.of(), null, null,
                        java.util.Map.of("VELOS_N", Integer.toString(i)), null, null, null, null, null, null));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> velos.list().values().stream()
                .allMatch(n -> n.get("status_str").asText().equals("running")));
        DaemonProbe.Sample before = DaemonProbe.sample(pid);

        List<String> kinds = List.of("list", "info", "logs");
        List<ConcurrentLinkedQueue<long[]>> latencies = kinds.stream().map(k -> new ConcurrentLinkedQueue<long[]>()).toList();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        CountDownLatch done = new CountDownLatch(CLIENTS);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                clients.execute(() -> {
                    List<List<Long>> mine = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                    try (VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(60))) {
                        for (int k = 0; System.nanoTime() < deadline; k++) {
                            long start = System.nanoTime();
                            switch (k % 3) {
                                case 0 -> assertThat(client.list()).hasSize(APPS);
                                case 1 -> assertThat(client.info("app" + (id + k) % APPS)).hasSize(1);
                                default -> client.logs("app" + (id + k) % APPS, 20, "all");
                            }
                            mine.get(k % 3).add(System.nanoTime() - start);
                        }
                    } catch (RuntimeException | AssertionError e) {
                        errors.add(e.toString());
                    } finally {
                        for (int kind = 0; kind < 3; kind++) {
                            latencies.get(kind).add(mine.get(kind).stream().mapToLong(Long::longValue).toArray());
                        }
                        done.countDown();
                    }
                });
            }
            assertThat(done.await(SECONDS + 120L, TimeUnit.SECONDS)).as("every client finished").isTrue();
        }
        long[] all = latencies.stream().flatMap(q -> q.stream()).flatMapToLong(Arrays::stream).sorted().toArray();
        StringBuilder byKind = new StringBuilder();
        for (int kind = 0; kind < 3; kind++) {
            long[] these = latencies.get(kind).stream().flatMapToLong(Arrays::stream).sorted().toArray();
            byKind.append(String.format(" %s p99 %.1f ms;", kinds.get(kind), DaemonProbe.percentileMillis(these, 99)));
        }
        assertThat(errors).as("client errors").isEmpty();
        System.out.printf("[robust] load: %d clients x %d s against %d apps: %d requests (%.0f/s), p50 %.1f ms, "
                        + "p99 %.1f ms (%s), max %.1f ms, errors %d; daemon before %s after %s%n", CLIENTS, SECONDS, APPS,
                all.length, all.length / (double) SECONDS, DaemonProbe.percentileMillis(all, 50),
                DaemonProbe.percentileMillis(all, 99), byKind.toString().strip(), all.length == 0 ? 0 : all[all.length - 1] / 1e6, errors.size(), before,
                DaemonProbe.sample(pid));

        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ConcurrentLinkedQueue<String> other = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService burst = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 1000; c++) {
                burst.execute(() -> {
                    try {
                        go.await();
                        try (VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(60))) {
                            client.ping();
                            served.incrementAndGet();
                        }
                    } catch (IpcException e) {
                        refused.incrementAndGet();
                    } catch (InterruptedException | RuntimeException e) {
                        other.add(e.toString());
                    }
                });
            }
            go.countDown();
        }
        assertThat(other).as("anything but served or a clean IPC error").isEmpty();
        assertThat(served.get() + refused.get()).isEqualTo(1000);
        assertThat(velos.ok("ping").out()).contains("pong");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(DaemonProbe.sample(pid).fds()).as("daemon fds after the burst").isLessThanOrEqualTo(before.fds() + 2));
        System.out.printf("[robust] burst: 1000 clients at once: %d served, %d refused cleanly; daemon fds %d -> %d%n",
                served.get(), refused.get(), before.fds(), DaemonProbe.sample(pid).fds());
    }
}
