// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.sys.linux.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Apps that behave as badly as they can, all at once, next to one well-behaved app: a fork of
 * 500 children, one that closes its output at once, 100 MB without a newline, one that ignores
 * SIGTERM, and one that exits within a millisecond forever. The daemon's CPU and memory stay
 * bounded, the calm app keeps running and logging, and stop/delete leave nothing behind.
 */
class HostileAppsEndToEndTest extends EndToEndTest {

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void hostileAppsLeaveTheDaemonAndTheOtherAppsAlone() throws Exception {
        velos.ok("start", script("calm.sh", "i=0; while true; do i=$((i+1)); echo \"tick $i\"; sleep 0.1; done").toString(),
                "--name", "calm");
        velos.ok("list");
        long daemon = velos.daemonPid().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> velos.list().get("calm").get("pid").asInt() > 0);
        int calmPid = velos.list().get("calm").get("pid").asInt();
        DaemonProbe.Sample before = DaemonProbe.sample(daemon);

        velos.ok("start", script("forker.sh", "i=0; while [ $i -lt 500 ]; do sleep 3000 & i=$((i+1)); done; wait").toString(),
                "--name", "forker");
        velos.ok("start", script("mute.sh", "exec >&- 2>&-; exec sleep 3000").toString(), "--name", "mute");
        velos.ok("start", script("flood.sh", "head -c 100000000 /dev/zero | tr '\\0' x; exec sleep 3000").toString(),
                "--name", "flood", "--log-max-size", "4M", "--log-retain-count", "1");
        velos.ok("start", script("stubborn.sh", "trap '' TERM; while true; do sleep 1; done").toString(), "--name",
                "stubborn", "--kill-timeout", "1000");
        velos.ok("start", script("flash.sh", "exit 1").toString(), "--name", "flash", "--max-restarts", "-1");

        long cpu0 = DaemonProbe.sample(daemon).cpuTicks();
        long wall0 = System.nanoTime();
        long peakRss = 0;
        for (int i = 0; i < 12; i++) {
            Thread.sleep(500);
            peakRss = Math.max(peakRss, DaemonProbe.sample(daemon).rssBytes());
        }
        double cpuShare = (DaemonProbe.sample(daemon).cpuTicks() - cpu0) / (double) ProcFs.clockTicksPerSecond()
                / ((System.nanoTime() - wall0) / 1e9);
        var list = velos.list();
        JsonNode flash = list.get("flash");
        assertThat(list.get("calm").get("pid").asInt()).as("the calm app was never restarted").isEqualTo(calmPid);
        assertThat(list.get("mute").get("status_str").asText()).isEqualTo("running");
        assertThat(ProcFs.processGroupMembers(list.get("forker").get("pid").asInt()).size()).isGreaterThanOrEqualTo(500);
        String calmLog = velos.ok("logs", "calm", "--raw", "-l", "30").out();
        String[] ticks = calmLog.lines().filter(l -> l.contains("tick")).toArray(String[]::new);
        assertThat(ticks.length).as("the calm app's recent lines").isGreaterThanOrEqualTo(20);
        // The flood and the crash loop (about 100 restarts a second) keep the loop and the log writer
        // busy: measured 0.8 of a core, up to 0.96 on this loaded 2-core machine. A runaway (a loop
        // spinning on a dead fd) costs a whole core on top of that work, which this bound catches.
        assertThat(cpuShare).as("daemon CPU share of one core over 6 s").isLessThan(1.2);
        assertThat(peakRss).as("daemon peak RSS").isLessThan(before.rssBytes() + 96L * 1024 * 1024);

        long stopStart = System.nanoTime();
        velos.ok("stop", "stubborn");
        long stopMillis = (System.nanoTime() - stopStart) / 1_000_000;
        assertThat(velos.list().get("stubborn").get("status_str").asText()).isEqualTo("stopped");
        int forkerPid = velos.list().get("forker").get("pid").asInt();
        velos.ok("delete", "forker");
        await().atMost(Duration.ofSeconds(30)).until(() -> !ProcFs.hasLiveGroupMembers(forkerPid));
        System.out.printf("[robust] hostile apps: daemon cpu %.0f%% of a core over 6 s, rss %d KiB -> peak %d KiB, "
                        + "threads %d -> %d; flash restarts %d; stubborn stopped in %d ms; calm pid unchanged, %d ticks seen%n",
                cpuShare * 100, before.rssBytes() / 1024, peakRss / 1024, before.threads(), DaemonProbe.sample(daemon).threads(),
                flash.get("restart_count").asInt(), stopMillis, ticks.length);
        velos.ok("delete", "all");
        assertThat(DaemonProbe.sample(daemon).threads()).as("threads after deleting everything")
                .isLessThanOrEqualTo(before.threads() + 4);
    }
}
