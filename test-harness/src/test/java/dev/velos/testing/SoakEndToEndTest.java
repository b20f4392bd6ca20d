// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The long run ({@code make soak}, not CI): for {@code SOAK_MINUTES} (system property
 * {@code velos.soak.minutes}, default 30) an app that crashes every 2 s with a restart delay, 50
 * apps restarted by cron every minute, and a chatty app at 50,000 lines/s. At the end: no fd
 * growth, no thread growth, RSS within 10 % of its level after warm-up (a third of the run, at most
 * 5 minutes), and every line the chatty app wrote is in its log files.
 */
@org.junit.jupiter.api.parallel.Isolated("load-sensitive: runs alone while the other end-to-end classes run two at a time")
@Tag("soak")
class SoakEndToEndTest extends EndToEndTest {
    private static final double MINUTES = Double.parseDouble(System.getProperty("velos.soak.minutes", "30"));
    private static final Pattern SEQ = Pattern.compile(" chatty (\\d+)$");

    @Test
    @Timeout(value = 48, unit = TimeUnit.HOURS)
    void thirtyMinutesOfCrashesCronRestartsAndAChattyAppLeakNothingAndLoseNoLine() throws Exception {
        velos.ok("start", script("crasher.sh", "sleep 2; exit 1").toString(), "--name", "crasher", "--restart-delay", "500",
                "--max-restarts", "-1");
        String cronApp = script("cron.sh", "echo up; exec sleep 100000").toString();
        for (int i = 0; i < 50; i++) {
            velos.ok("start", cronApp, "--name", "cron" + i, "--cron-restart", "* * * * *");
        }
        Path chatty = apps.resolve("chatty.py");
        Files.writeString(chatty, """
                import signal, sys, time
                n = 0
                def stop(*_):
                    sys.stdout.flush()
                    sys.stderr.write("chatty-total %d\\n" % n)
                    sys.stderr.flush()
                    sys.exit(0)
                signal.signal(signal.SIGTERM, stop)
                out = sys.stdout
                start = time.monotonic()
                while True:
                    target = int((time.monotonic() - start) * 50000)
                    while n < target:
                        n += 1
                        out.write("chatty %d\\n" % n)
                    out.flush()
                    time.sleep(0.01)
                """);
        velos.ok("start", chatty.toString(), "--name", "chatty", "--interpreter", "python3", "--log-max-size", "256M",
                "--log-retain-count", "100", "--kill-timeout", "10000");
        long pid = velos.daemonPid().orElseThrow();
        long started = System.currentTimeMillis();
        long totalMillis = (long) (MINUTES * 60_000);
        // The heap and the JIT's code grow to their working size first; RSS is compared from there on.
        long warmUp = Math.min(totalMillis / 3, 300_000);
        Thread.sleep(warmUp);
        DaemonProbe.Sample baseline = DaemonProbe.sample(pid);
        System.out.printf("[robust] soak baseline after %d s: %s; heap: %s%n", warmUp / 1000, baseline,
                DaemonProbe.heapInfo(pid));
        long peakRss = baseline.rssBytes();
        long end = System.currentTimeMillis() + totalMillis - warmUp;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(Math.min(10_000, Math.max(1, end - System.currentTimeMillis())));
            DaemonProbe.Sample s = DaemonProbe.sample(pid);
            peakRss = Math.max(peakRss, s.rssBytes());
            System.out.printf("[robust] soak %.1f min: %s%n", (System.currentTimeMillis() - started) / 60_000.0, s);
        }
        DaemonProbe.Sample last = DaemonProbe.sample(pid);
        System.out.printf("[robust] soak end: %s; heap: %s%n", last, DaemonProbe.heapInfo(pid));
        var list = velos.list();
        int crasherRestarts = list.get("crasher").get("restart_count").asInt();
        int cronRestarts = list.get("cron0").get("restart_count").asInt();
        velos.ok("stop", "chatty");
        long written = await().atMost(Duration.ofSeconds(60)).until(() -> total(velos.logs()), n -> n > 0);
        BitSet seen = new BitSet();
        long received = received(velos.logs(), seen);
        int missing = (int) (written - seen.cardinality());
        System.out.printf("[robust] soak result after %.1f min: fds %d -> %d, threads %d -> %d, rss %d -> %d KiB (peak %d),"
                        + " crasher restarts %d, cron0 restarts %d, chatty lines written %d, in files %d (distinct %d), "
                        + "missing %d%n", MINUTES, baseline.fds(), last.fds(), baseline.threads(), last.threads(),
                baseline.rssBytes() / 1024, last.rssBytes() / 1024, peakRss / 1024, crasherRestarts, cronRestarts, written,
                received, seen.cardinality(), missing);
        assertThat(last.fds()).as("daemon fds").isLessThanOrEqualTo(baseline.fds() + 2);
        assertThat(last.threads()).as("daemon threads").isLessThanOrEqualTo(baseline.threads() + 2);
        assertThat((double) last.rssBytes()).as("daemon RSS").isLessThanOrEqualTo(baseline.rssBytes() * 1.10);
        assertThat(missing).as("chatty lines missing from the files").isZero();
        assertThat(received).as("chatty lines in the files, no duplicates").isEqualTo(written);
        assertThat(crasherRestarts).isGreaterThan((int) (MINUTES * 60 / 3) - 5);
        assertThat(cronRestarts).isGreaterThanOrEqualTo((int) MINUTES - 1);
    }

    /** The count the chatty app reported on SIGTERM, 0 until then. */
    private static long total(Path logs) throws IOException {
        Path err = logs.resolve("chatty-err.log");
        if (!Files.exists(err)) {
            return 0;
        }
        Matcher m = Pattern.compile("chatty-total (\\d+)").matcher(Files.readString(err));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Lines of the chatty app in its files (rotated ones included); marks each sequence number seen. */
    private static long received(Path logs, BitSet seen) throws IOException {
        long lines = 0;
        List<Path> files;
        try (Stream<Path> all = Files.list(logs)) {
            files = all.filter(p -> p.getFileName().toString().startsWith("chatty-out.log")).toList();
        }
        for (Path file : files) {
            try (Stream<String> content = Files.lines(file)) {
                for (String line : (Iterable<String>) content::iterator) {
                    Matcher m = SEQ.matcher(line);
                    if (m.find()) {
                        seen.set(Integer.parseInt(m.group(1)) - 1);
                        lines++;
                    }
                }
            }
        }
        return lines;
    }
}
