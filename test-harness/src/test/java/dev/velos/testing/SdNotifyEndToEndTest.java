// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.velos.sys.CallState;
import dev.velos.sys.Fd;
import dev.velos.sys.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The daemon under a {@code Type=notify} unit: with {@code NOTIFY_SOCKET} set, it sends
 * {@code READY=1} there once its control socket listens, and its apps never see that variable.
 */
class SdNotifyEndToEndTest extends EndToEndTest {

    @Test
    void theDaemonSendsReadyToAnAbstractNotifySocketOnceItsSocketListens() throws Exception {
        expectReady("@velos-notify-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    }

    @Test
    void theDaemonSendsReadyToAPathNotifySocketAndItsAppsDoNotInheritIt() throws Exception {
        expectReady(apps.resolve("notify.sock").toString());

        velos.ok("start", script("env.sh", "echo \"notify=${NOTIFY_SOCKET:-none} watchdog=${WATCHDOG_USEC:-none}\"; exec sleep 600")
                .toString(), "--name", "envcheck");
        await().atMost(Duration.ofSeconds(30)).until(() -> velos.ok("logs", "envcheck", "--raw").out().contains("notify="));
        assertThat(velos.ok("logs", "envcheck", "--raw").out()).contains("notify=none watchdog=none");
    }

    private void expectReady(String address) throws IOException, InterruptedException {
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            // Polled on this thread: the call state lives in this thread's confined arena.
            try (Fd socket = Sockets.socket(cs, Sockets.AF_UNIX, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC | Sockets.SOCK_NONBLOCK)) {
                Sockets.bindUnix(cs, socket, address);
                ProcessBuilder pb = new ProcessBuilder(VelosCli.LAUNCHER.toString(), "daemon")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
                pb.environment().remove("VELOS_SOCKET");
                pb.environment().put("VELOS_HOME", velos.home.toString());
                pb.environment().put("NOTIFY_SOCKET", address);
                pb.environment().put("WATCHDOG_USEC", "30000000");
                Process daemon = pb.start();
                try {
                    AtomicReference<String> message = new AtomicReference<>();
                    await().pollInSameThread().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                        Optional<byte[]> datagram = Sockets.receiveNow(cs, socket, 4096);
                        datagram.ifPresent(b -> message.set(new String(b, StandardCharsets.UTF_8)));
                        return datagram.isPresent() || !daemon.isAlive();
                    });
                    assertThat(message.get()).as("datagram from the daemon").isNotNull().contains("READY=1\n")
                            .contains("MAINPID=" + daemon.pid());
                    // READY means clients can use it now, without waiting.
                    assertThat(velos.ok("ping").out()).contains("pong");
                } catch (AssertionError | RuntimeException e) {
                    daemon.destroyForcibly();
                    throw e;
                }
            }
        }
        if (!address.startsWith("@")) {
            assertThat(Path.of(address)).exists();
        }
        // The daemon keeps running; EndToEndTest's cleanup stops it with 'velos kill'.
    }
}
