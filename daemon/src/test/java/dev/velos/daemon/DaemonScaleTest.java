// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code scale} on a real daemon in this JVM: the new instances' names are checked before any starts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonScaleTest {
    @TempDir
    Path home;

    private static WireTypes.StartArgs sleeper(String name, int instances) {
        return WireTypes.StartArgs.builder(name, "/bin/sh").args(List.of("-c", "exec sleep 30")).cwd("/tmp")
                .env(Map.of()).instances(instances).build();
    }

    @Test
    void aScaleWhoseLastNewInstanceClashesWithAnAppsLogFilesStartsNone() throws Exception {
        Path socket = home.resolve("velos.sock");
        Thread daemon = Thread.ofPlatform().start(() -> Daemon.run(new DaemonOptions(home, socket, false)));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
        try (VelosClient client = VelosClient.connect(socket, Duration.ofSeconds(20))) {
            client.start(sleeper("web", 2));
            client.start(sleeper("web-3", 1)); // writes web-3-out.log, as instance web:3 would
            assertThatThrownBy(() -> client.scale("web", "4")).isInstanceOf(IpcException.class)
                    .hasMessageContaining("'web:3' and 'web-3' would write the same log files");
            assertThat(client.list()).extracting(WireTypes.ProcessView::name)
                    .as("web:2 is not started when web:3 is refused").containsExactlyInAnyOrder("web:0", "web:1", "web-3");
            assertThat(client.scale("web", "3").started()).isEqualTo(1);
            assertThat(client.list()).extracting(WireTypes.ProcessView::name).contains("web:2");
            client.kill();
        }
        daemon.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(daemon.isAlive()).isFalse();
    }
}
