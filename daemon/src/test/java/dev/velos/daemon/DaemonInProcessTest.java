// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import dev.velos.model.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A real daemon on a real socket, in this JVM: start, list, logs, stop, save/resurrect, kill. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonInProcessTest {
    @TempDir
    Path home;

    private static WireTypes.StartArgs sh(String name, String script) {
        return new WireTypes.StartArgs(name, "/bin/sh", List.of("-c", script), "/tmp", "", Map.of(), true, 15, 1000L,
                0L, false, 5000L);
    }

    @Test
    void servesCommandsKeepsLogsAndStateAndShutsDownCleanly() throws Exception {
        Path socket = home.resolve("velos.sock");
        Thread daemon = Thread.ofPlatform().start(() -> Daemon.run(new DaemonOptions(home, socket, false)));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(Files.readString(home.resolve("velos.pid"))).isEqualTo(Long.toString(ProcessHandle.current().pid()));

        try (VelosClient client = VelosClient.connect(socket, Duration.ofSeconds(20))) {
            assertThat(client.ping().pid()).isEqualTo(ProcessHandle.current().pid());
            var started = client.start(sh("web", "echo hello; echo oops >&2; exec sleep 30"));
            assertThat(started).singleElement().satisfies(v -> {
                assertThat(v.statusStr()).isEqualTo("running");
                assertThat(v.id()).isEqualTo(1);
            });
            await().until(() -> client.logs("web", 10, "all").size() == 2);
            assertThat(client.logs("web", 10, "err")).extracting(WireTypes.LogEntry::text).containsExactly("oops");
            assertThat(client.list()).extracting(WireTypes.ProcessView::name).containsExactly("web");
            assertThat(client.info("1")).extracting(WireTypes.ProcessView::name).containsExactly("web");

            assertThatThrownBy(() -> client.info("nope")).isInstanceOf(IpcException.class)
                    .hasMessageContaining("process 'nope' not found")
                    .extracting(e -> ((IpcException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThatThrownBy(() -> client.start(sh("../x", "true"))).hasMessageContaining("invalid process name");
            for (String forged : new String[] {"x:abc", "x: ", "x:\0", "x:99999999999"}) {
                // Not through the CLI: the daemon itself refuses, as INVALID_ARGUMENT, not as an internal error.
                assertThatThrownBy(() -> client.start(sh(forged, "true"))).hasMessageContaining("invalid process name");
            }
            client.start(new WireTypes.StartArgs("sec", "/bin/sh", List.of("-c", "exec sleep 30"), "/tmp", "",
                    Map.of("TOKEN", "t0p"), true, 15, 1000L, 0L, false, 5000L));
            assertThat(client.info("sec").getFirst().env()).isEmpty();
            assertThat(client.list()).allSatisfy(v -> assertThat(v.env()).isEmpty());
            assertThat(client.info("sec", true).getFirst().env()).containsExactly(Map.entry("TOKEN", "t0p"));
            assertThat(client.list()).allSatisfy(v -> assertThat(v.logError()).isEmpty());
            client.delete("sec");
            assertThatThrownBy(() -> client.start(sh("web", "true"))).hasMessageContaining("already exists");

            var stopped = client.stop("web");
            assertThat(stopped).singleElement().extracting(WireTypes.ProcessView::statusStr).isEqualTo("stopped");
            client.start(sh("api", "exec sleep 30"));
            assertThat(client.save().saved()).isEqualTo(2);

            client.delete("all");
            assertThat(client.list()).isEmpty();
            var restored = client.resurrect();
            assertThat(restored.started()).containsExactly("api");
            assertThat(restored.stopped()).containsExactly("web");
            assertThat(client.resurrect().skipped()).containsExactlyInAnyOrder("api", "web");
            client.kill();
        }
        daemon.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(daemon.isAlive()).isFalse();
        assertThat(socket).doesNotExist();
        assertThat(home.resolve("velos.pid")).doesNotExist();
        assertThat(Files.readString(home.resolve("logs/web-out.log"))).matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z hello\\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("state.bin"))))
                .isEqualTo("rw-------");
    }
}
