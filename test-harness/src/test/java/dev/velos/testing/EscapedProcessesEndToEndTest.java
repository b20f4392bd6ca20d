// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.velos.sys.linux.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14.11 through the whole daemon: what an app sends out of its process group (setsid, a
 * daemonising double fork) is ended by {@code stop}, {@code delete} and the daemon's shutdown,
 * found by the {@code VELOS_APP} marker every child carries.
 */
class EscapedProcessesEndToEndTest extends EndToEndTest {
    private static final String ESCAPE = "setsid sleep 1000 & echo esc=$!; sleep 0.3; exec sleep 1000";
    private static final String DAEMONISE = "(setsid sh -c 'sleep 1000 & echo esc=$!' &); sleep 0.3; exit 0";

    private int escapedPid(String app) {
        await().atMost(Duration.ofSeconds(20)).until(() -> velos.ok("logs", app, "--raw", "-l", "20").out().contains("esc="));
        String out = velos.ok("logs", app, "--raw", "-l", "20").out();
        String line = out.lines().filter(l -> l.contains("esc=")).reduce((a, b) -> b).orElseThrow();
        int pid = Integer.parseInt(line.substring(line.indexOf("esc=") + 4).trim());
        assertThat(running(pid)).as("the escaped process runs").isTrue();
        return pid;
    }

    private static boolean running(int pid) {
        return ProcFs.stat(pid).map(s -> !s.isZombie()).orElse(false);
    }

    @Test
    void stopDeleteAndShutdownLeaveNothingOfAnAppBehind() throws Exception {
        velos.ok("start", script("escape.sh", ESCAPE).toString(), "--name", "escape");
        velos.ok("start", script("daemonise.sh", DAEMONISE).toString(), "--name", "daemonise", "--no-autorestart");
        velos.ok("start", script("shutdown.sh", ESCAPE).toString(), "--name", "at-shutdown");
        int escaped = escapedPid("escape");
        int daemonised = escapedPid("daemonise");
        int atShutdown = escapedPid("at-shutdown");

        velos.ok("stop", "escape");
        assertThat(running(escaped)).as("after stop").isFalse();

        await().atMost(Duration.ofSeconds(10)).until(() -> velos.list().get("daemonise").get("status_str").asText()
                .equals("stopped"));
        assertThat(running(daemonised)).as("an app that daemonised and exited leaves its daemon running").isTrue();
        velos.ok("delete", "daemonise");
        assertThat(running(daemonised)).as("after delete").isFalse();

        velos.ok("kill");
        await().atMost(Duration.ofSeconds(20)).until(() -> !running(atShutdown));
    }
}
