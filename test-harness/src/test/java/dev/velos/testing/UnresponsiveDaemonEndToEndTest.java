// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A daemon that does not answer — stopped with SIGSTOP here, as a debugger, a wedged loop or a
 * swapping machine would leave it — must not leave the user waiting or stranded (issues 14.9,
 * 14.12): a read-only command gives up after its own, shorter deadline and says what to do, and
 * {@code velos kill} ends the daemon anyway, but never a process that only reuses its pid.
 */
@org.junit.jupiter.api.parallel.Isolated("load-sensitive: runs alone while the other end-to-end classes run two at a time")
class UnresponsiveDaemonEndToEndTest extends EndToEndTest {
    private Process unrelated;

    @AfterEach
    void resumeAndCleanUp() {
        velos.daemonPid().ifPresent(pid -> Shell.run(List.of("kill", "-CONT", Long.toString(pid))));
        if (unrelated != null) {
            unrelated.destroyForcibly();
        }
    }

    private long stopTheDaemon() {
        long pid = velos.daemonPid().orElseThrow();
        assertThat(Shell.run(List.of("kill", "-STOP", Long.toString(pid))).exit()).isZero();
        return pid;
    }

    @Test
    void readOnlyCommandsGiveUpAfterTheirOwnDeadlineAndSayWhatToDo() {
        velos.ok("start", "sleep", "--name", "napper", "--", "600");
        stopTheDaemon();

        // The old client waited 30 s: the limit of 25 s here fails it.
        VelosCli.Result list = velos.run(Duration.ofSeconds(25), "list");
        assertThat(list.exit()).isEqualTo(1);
        assertThat(list.err()).contains("Error: the velos daemon did not answer within 10 s", "velos kill",
                "it may be stopped");
        VelosCli.Result ping = velos.run(Duration.ofSeconds(25), "ping");
        assertThat(ping.exit()).isEqualTo(1);
        assertThat(ping.err()).contains("did not answer within 5 s");
        VelosCli.Result logs = velos.run(Duration.ofSeconds(25), "logs", "napper", "--summary");
        assertThat(logs.err()).contains("did not answer within 10 s");
    }

    @Test
    void killEndsAStoppedDaemonWithSignalsAndTheNextDaemonAdoptsTheOrphans() {
        velos.ok("start", "sleep", "--name", "napper", "--", "600");
        long app = velos.list().get("napper").get("pid").asLong();
        long daemon = stopTheDaemon();

        VelosCli.Result kill = velos.run(Duration.ofSeconds(25), "kill");

        assertThat(kill.exit()).as(kill.toString()).isZero();
        assertThat(kill.out()).contains("[velos] The daemon (pid " + daemon + ") did not answer within 3 s: sent SIGTERM, then SIGKILL",
                "[velos] Left running: 1 process. The next daemon", "adopts it with the same pid, without a restart");
        assertThat(ProcessHandle.of(daemon).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessHandle.of(app).filter(ProcessHandle::isAlive)).as("the app outlives its daemon").isPresent();

        // Issue 20: a daemon that did not shut down leaves its pid file, and the next daemon adopts
        // its apps' survivors (same pid, one copy) instead of stopping them, as the message says.
        assertThat(velos.list().get("napper").get("pid").asLong()).isEqualTo(app);
        assertThat(velos.list().get("napper").get("status_str").asText()).isEqualTo("running");
        assertThat(DaemonProbe.processesWithEnv("VELOS_APP", "napper@" + velos.home)).hasSize(1);
    }

    @Test
    void killEndsADaemonWhoseSocketIsGoneThroughItsVerifiedPid() throws IOException {
        velos.ok("start", "sleep", "--name", "napper", "--", "600");
        long daemon = velos.daemonPid().orElseThrow();
        Files.delete(velos.socket());

        VelosCli.Result kill = velos.run(Duration.ofSeconds(25), "kill", "--json");

        assertThat(kill.exit()).as(kill.toString()).isZero();
        assertThat(kill.json().get("pid").asLong()).isEqualTo(daemon);
        assertThat(kill.json().get("forced").asText()).isEqualTo("SIGTERM");
        assertThat(kill.json().get("orphans").asInt()).as("a daemon that can run its shutdown stops its apps").isZero();
        assertThat(ProcessHandle.of(daemon).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void aPidFileNamingAnUnrelatedProcessIsNeverSignalled() throws IOException {
        // Not a daemon, though its environment names this directory and its argv[0] says 'daemon'; and a dead socket.
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec -a daemon sleep 300");
        pb.environment().put("VELOS_HOME", velos.home.toString());
        unrelated = pb.start();
        Files.createDirectories(velos.home);
        Files.writeString(velos.home.resolve("velos.pid"), Long.toString(unrelated.pid()));
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(velos.socket()));
        }

        VelosCli.Result kill = velos.run(Duration.ofSeconds(25), "kill");

        assertThat(kill.exit()).as(kill.toString()).isZero();
        assertThat(kill.out()).contains("[velos] The daemon is not running; nothing to stop",
                "names pid " + unrelated.pid() + ", which is not a velos daemon of this directory: left alone");
        assertThat(unrelated.isAlive()).isTrue();
        Files.delete(velos.socket());
    }
}
