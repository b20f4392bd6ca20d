// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients do not notice a daemon restart (issue 20): while {@code velos daemon restart} hands the
 * apps to a new daemon three times, loops of {@code velos list} get an answer every time, and a
 * {@code velos logs -f} started before keeps following — through the new daemons — with every
 * numbered line of a printer once, none missing and none twice.
 */
@org.junit.jupiter.api.parallel.Isolated("load-sensitive: runs alone while the other end-to-end classes run two at a time")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DaemonRestartClientsEndToEndTest extends EndToEndTest {
    private static final Pattern NUMBERED = Pattern.compile("\"message\":\"n=(\\d+)\"");

    @Test
    void listLoopsAndAFollowerRideThroughDaemonRestarts() throws Exception {
        Path printer = script("printer.sh", "i=0; while :; do i=$((i+1)); echo \"n=$i\"; sleep 0.003; done");
        velos.ok("start", printer.toString(), "--name", "printer");
        Path followed = apps.resolve("followed.jsonl");
        Process follower = follow(followed);
        AtomicBoolean listing = new AtomicBoolean(true);
        AtomicInteger lists = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Thread> loops = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> numbers(followed).size() > 50);
            for (int i = 0; i < 2; i++) {
                loops.add(Thread.ofPlatform().start(() -> {
                    while (listing.get()) {
                        VelosCli.Result r = velos.run("list", "--json");
                        lists.incrementAndGet();
                        if (r.exit() != 0 || !r.out().contains("\"printer\"")) {
                            failures.add(r.toString());
                        }
                    }
                }));
            }
            long daemon = velos.daemonPid().orElseThrow();
            for (int restart = 0; restart < 3; restart++) {
                int before = lists.get();
                velos.ok("daemon", "restart");
                long old = daemon;
                await().atMost(Duration.ofSeconds(30)).until(() -> velos.daemonPid().orElse(old) != old);
                daemon = velos.daemonPid().orElseThrow();
                await().atMost(Duration.ofSeconds(30)).until(() -> lists.get() > before + 3);
            }
            int seen = numbers(followed).size();
            await().atMost(Duration.ofSeconds(30)).until(() -> numbers(followed).size() > seen + 100);
        } finally {
            listing.set(false);
            for (Thread loop : loops) {
                loop.join(60_000);
            }
            follower.destroy();
            follower.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(failures).as("velos list runs that failed, of %d", lists.get()).isEmpty();
        assertThat(follower.exitValue()).as("the follower ran until the test stopped it (SIGTERM)").isEqualTo(143);
        List<Integer> numbers = numbers(followed);
        int first = numbers.getFirst();
        List<Integer> expected = new ArrayList<>();
        for (int n = first; n < first + numbers.size(); n++) {
            expected.add(n);
        }
        assertThat(numbers).as("every printed line followed once, in order (no gap, no duplicate)").isEqualTo(expected);
    }

    /** {@code velos logs printer -f --json}, its stdout into {@code file}. */
    private Process follow(Path file) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(VelosCli.LAUNCHER.toString(), "logs", "printer", "-f", "--json", "-l", "5")
                .directory(VelosCli.REPO.toFile()).redirectOutput(file.toFile())
                .redirectError(apps.resolve("follower.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("VELOS_SOCKET");
        pb.environment().put("VELOS_HOME", velos.home.toString());
        pb.environment().put("NO_COLOR", "1");
        return pb.start();
    }

    private static List<Integer> numbers(Path file) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        if (!Files.exists(file)) {
            return numbers;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = NUMBERED.matcher(line);
            if (m.find()) {
                numbers.add(Integer.parseInt(m.group(1)));
            }
        }
        return numbers;
    }
}
