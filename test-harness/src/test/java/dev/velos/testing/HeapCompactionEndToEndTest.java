// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15, per-app memory: once a start burst is over the daemon runs one full GC, so SerialGC
 * gives back the old generation its garbage grew (bin/velos's free ratios), and it never runs one
 * for a start of a few apps. Seen in the daemon's own GC log ({@code -Xlog:gc} through
 * {@code VELOS_JAVA_OPTS}): the JVM names an explicit collection's cause {@code System.gc()}.
 */
class HeapCompactionEndToEndTest extends EndToEndTest {
    private static final String EXPLICIT_FULL_GC = "Pause Full (System.gc())";

    @Test
    void aStartBurstIsFollowedByOneFullCollectionAndASmallStartByNone() throws IOException {
        // Every JVM bin/velos starts gets the option, the clients too: one file per pid.
        Path gcLogs = Files.createDirectories(home.resolve("gc-logs"));
        velos.env("VELOS_JAVA_OPTS", "-Xlog:gc:file=" + gcLogs.resolve("gc-%p.log"));
        Path app = script("idle.sh", "exec sleep 1000\n");

        velos.ok("start", app.toString(), "--name", "one");
        velos.ok("start", app.toString(), "--name", "two");
        // Two spawns are no burst: the daemon arms nothing, so no later collection can be one of theirs.
        assertThat(gcLogs(gcLogs)).doesNotContain(EXPLICIT_FULL_GC);

        StringBuilder config = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            config.append("[apps.burst").append(i).append("]\nscript = \"").append(app).append("\"\n");
        }
        Path file = Files.writeString(home.resolve("burst.toml"), config);
        velos.ok("start", "--config", file.toString());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> gcLogs(gcLogs).contains(EXPLICIT_FULL_GC));
        assertThat(gcLogs(gcLogs).lines().filter(l -> l.contains(EXPLICIT_FULL_GC))).hasSize(1);
        velos.ok("list"); // the daemon still answers after its collection
    }

    private static String gcLogs(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }
}
