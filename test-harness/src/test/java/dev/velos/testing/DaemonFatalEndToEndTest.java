// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.velos.sys.CallState;
import dev.velos.sys.Fd;
import dev.velos.sys.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14.9: a daemon that can no longer supervise exits, loudly and non-zero, instead of
 * answering ping while nothing works; the next {@code velos daemon --resurrect} brings the apps
 * back. The watchdog of the startup unit is fed from the event loop.
 */
class DaemonFatalEndToEndTest extends EndToEndTest {
    private static final String HOOK = "JAVA_TOOL_OPTIONS";

    private void startKeeper() throws IOException {
        velos.ok("start", script("keep.sh", "exec sleep 1000").toString(), "--name", "keep");
    }

    /** The next daemon, without the hook, restores the saved apps: running, with new processes (the fault may strike before the last start was saved). */
    private void resurrectBringsBack(long oldKeeperPid, String... names) throws Exception {
        try (ForegroundDaemon next = ForegroundDaemon.start(velos, Map.of(), "--resurrect")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var list = velos.list();
                for (String name : names) {
                    assertThat(list.get(name)).as(name + " in " + list.keySet()).isNotNull();
                    assertThat(list.get(name).get("status_str").asText()).isEqualTo("running");
                }
            });
            // The dead daemon's app outlived it and was adopted, not started again (issue 20).
            assertThat(velos.list().get("keep").get("pid").asLong()).isEqualTo(oldKeeperPid);
            assertThat(DaemonProbe.processesWithEnv("VELOS_APP", "keep@" + velos.home)).as("copies of keep").hasSize(1);
            velos.ok("kill");
            next.awaitExit(Duration.ofSeconds(60));
        }
    }

    @Test
    void anOutOfMemoryErrorOnTheEventLoopEndsTheDaemonAndResurrectBringsTheAppsBack() throws Exception {
        long keeperPid;
        try (ForegroundDaemon daemon = ForegroundDaemon.start(velos, Map.of(HOOK, "-Dvelos.test.hook=oom-on-start=boom"))) {
            startKeeper();
            keeperPid = velos.list().get("keep").get("pid").asLong();
            velos.run("start", script("boom.sh", "exec sleep 1000").toString(), "--name", "boom");
            int status = daemon.awaitExit(Duration.ofSeconds(60));
            assertThat(status).as(daemon.stderr()).isNotZero();
            assertThat(daemon.stderr()).contains("OutOfMemoryError");
        }
        assertThat(velos.run("ping").exit()).as("nothing pretends to be alive").isNotZero();
        resurrectBringsBack(keeperPid, "keep");
    }

    @Test
    void aDeadLogWriterEndsTheDaemon() throws Exception {
        long keeperPid;
        try (ForegroundDaemon daemon = ForegroundDaemon.start(velos, Map.of(HOOK, "-Dvelos.test.hook=writer-dies-on-start=boom"))) {
            startKeeper();
            keeperPid = velos.list().get("keep").get("pid").asLong();
            velos.run("start", script("boom.sh", "exec sleep 1000").toString(), "--name", "boom");
            assertThat(daemon.awaitExit(Duration.ofSeconds(60))).as(daemon.stderr()).isEqualTo(70);
            assertThat(daemon.stderr()).contains("fatal: the log writer thread died");
        }
        resurrectBringsBack(keeperPid, "keep");
    }

    @Test
    void theWatchdogIsFedFromTheLoopWhenWatchdogUsecIsSet() throws Exception {
        String address = "@velos-watchdog-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            try (Fd socket = Sockets.socket(cs, Sockets.AF_UNIX, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC | Sockets.SOCK_NONBLOCK)) {
                Sockets.bindUnix(cs, socket, address);
                try (ForegroundDaemon daemon = ForegroundDaemon.start(velos,
                        Map.of("NOTIFY_SOCKET", address, "WATCHDOG_USEC", "200000"))) {
                    List<String> received = new ArrayList<>();
                    await().pollInSameThread().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                        Optional<byte[]> datagram = Sockets.receiveNow(cs, socket, 4096);
                        datagram.ifPresent(b -> received.add(new String(b, StandardCharsets.UTF_8)));
                        return received.stream().filter(m -> m.equals("WATCHDOG=1")).count() >= 5;
                    });
                    assertThat(received).anyMatch(m -> m.contains("READY=1"));
                    assertThat(daemon.isAlive()).isTrue();
                }
            }
        }
    }
}
