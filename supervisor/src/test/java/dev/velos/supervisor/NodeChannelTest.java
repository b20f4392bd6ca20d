// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.ReadyPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An app written for PM2 runs unchanged (issue 16.8): with wait-ready a real {@code node} gets
 * Node's IPC channel, {@code process.send('ready')} makes it running, and a stop with
 * shutdown-with-message arrives as PM2's {@code 'shutdown'} message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeChannelTest {
    /** A PM2-style app: ready after a warm-up, clean exit on 'shutdown', loud on SIGTERM. */
    private static final String PM2_APP = """
            console.log('channel=' + (typeof process.send) + ' env=' + (process.env.NODE_CHANNEL_FD || 'gone')
                + ' velos=' + process.env.VELOS_IPC_FD);
            process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(1); });
            process.on('message', (msg) => {
              if (msg === 'shutdown') { console.log('got shutdown message'); process.exit(0); }
            });
            setTimeout(() => { console.log('warmed up'); process.send('ready'); }, 400);
            setInterval(() => {}, 1000);
            """;

    @TempDir
    Path dir;
    private final Recorder recorder = new Recorder();
    private Supervisor supervisor;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")) || Files.isExecutable(Path.of("/usr/local/bin/node")),
                "node is not installed");
        Files.writeString(dir.resolve("app.js"), PM2_APP);
        supervisor = recorder.attach(Supervisor.builder()).build();
    }

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    private AppSpec app(String name, ReadyPolicy ready) {
        return AppSpec.builder(name, "app.js").cwd(dir).restart(Procs.NO_RESTART).ready(ready).build();
    }

    @Test
    void processSendReadyMakesANodeAppRunning() {
        ProcessInfo started = supervisor.start(app("pm2-ready", new ReadyPolicy(true, Duration.ofSeconds(20), false))).join();

        assertThat(started.status()).isEqualTo(ProcessStatus.STARTING);
        await().atMost(Duration.ofSeconds(15)).until(() -> supervisor.info("pm2-ready").join().status() == ProcessStatus.RUNNING);
        assertThat(recorder.texts("pm2-ready")).contains("warmed up");
        assertThat(recorder.events(ProcessEvent.Ready.class, "pm2-ready")).singleElement()
                .satisfies(e -> assertThat(e.timedOut()).isFalse());
        // Node took the channel (process.send exists) and removed NODE_CHANNEL_FD; velos's own channel is still there.
        assertThat(recorder.texts("pm2-ready")).contains("channel=function env=gone velos=" + Spawner.CHANNEL_FD);
    }

    @Test
    void aStopWithShutdownWithMessageSendsPm2sShutdownMessageInsteadOfSigterm() {
        supervisor.start(app("pm2-stop", new ReadyPolicy(true, Duration.ofSeconds(20), true))).join();
        await().atMost(Duration.ofSeconds(15)).until(() -> supervisor.info("pm2-stop").join().status() == ProcessStatus.RUNNING);

        ProcessInfo stopped = supervisor.stop("pm2-stop").join();

        assertThat(recorder.texts("pm2-stop")).contains("got shutdown message").doesNotContain("got SIGTERM");
        assertThat(stopped.lastExit()).isEqualTo(ExitStatus.exited(0));
        assertThat(stopped.status()).isEqualTo(ProcessStatus.STOPPED);
    }

    @Test
    void aNonNodeAppKeepsOnlyTheVelosChannel() {
        supervisor.start(AppSpec.builder("shell", "/bin/sh").args(List.of("-c",
                "echo node=${NODE_CHANNEL_FD-unset} velos=$VELOS_IPC_FD; exec sleep 30")).restart(Procs.NO_RESTART)
                .ready(new ReadyPolicy(true, Duration.ofSeconds(20), false)).build()).join();
        await().until(() -> !recorder.texts("shell").isEmpty());
        assertThat(recorder.texts("shell")).containsExactly("node=unset velos=" + Spawner.CHANNEL_FD);
    }
}
