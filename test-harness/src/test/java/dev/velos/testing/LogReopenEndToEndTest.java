// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16.6: SIGHUP to the daemon (the startup unit's ExecReload, logrotate's postrotate) reopens
 * every log file, so after a rename new lines land in a new file at the original path; the daemon
 * and its apps go on.
 */
class LogReopenEndToEndTest extends EndToEndTest {
    @Test
    void afterARenameAndSighupNewLinesGoToANewFileAtTheOriginalPath() throws Exception {
        velos.ok("start", script("ticker.sh", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.05; done").toString(),
                "--name", "ticker");
        Path log = velos.logs().resolve("ticker-out.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(log) && Files.size(log) > 0);
        long appPid = velos.list().get("ticker").get("pid").asLong();

        Path rotated = velos.logs().resolve("ticker-out.log.1");
        Files.move(log, rotated);
        Shell.run(java.util.List.of("kill", "-HUP", Long.toString(velos.daemonPid().orElseThrow())));

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(log) && Files.readString(log).contains("tick"));
        long frozen = Files.size(rotated);
        Thread.sleep(500);
        assertThat(Files.size(rotated)).as("the renamed file is no longer written").isEqualTo(frozen);
        assertThat(velos.list().get("ticker").get("pid").asLong()).as("the app was not restarted").isEqualTo(appPid);
        assertThat(velos.ok("ping").exit()).isZero();
        assertThat(Files.readString(velos.home.resolve("daemon.log"))).contains("SIGHUP: log files reopened");
    }
}
