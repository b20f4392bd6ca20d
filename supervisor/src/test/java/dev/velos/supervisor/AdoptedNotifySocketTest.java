// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.ReadyPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * After a crash the app's {@code NOTIFY_SOCKET} points at a socket that died with the old
 * supervisor (issue 20). The adopting supervisor binds a new one at that path, so an app that
 * pings its watchdog the sd_notify way (a datagram to the path each time) is heard, not killed.
 * The crash is played in one JVM: the first supervisor lets go of everything as after a
 * committed hand-over nobody took (its fds closed, the apps left running), then a second one
 * with the same runtime directory adopts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdoptedNotifySocketTest {
    private static final String PYTHON = "/usr/bin/python3";
    @TempDir
    Path dir;
    private final Recorder recorder = new Recorder();
    private Supervisor adopter;

    @AfterEach
    void tearDown() {
        if (adopter != null) {
            adopter.close();
        }
    }

    @Test
    void anAdoptedWatchdogAppThatPingsItsNotifyPathIsHeardAndNotKilled() {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs python3 for the sd_notify client");
        String app = """
                import os, socket, time
                path = os.environ['NOTIFY_SOCKET']
                def notify(message):
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                    try:
                        s.sendto(message, path)
                        return True
                    except OSError:
                        return False
                    finally:
                        s.close()
                notify(b'READY=1')
                while True:
                    time.sleep(0.05)
                    print(('ping %d' if notify(b'WATCHDOG=1') else 'lost %d') % os.getpid(), flush=True)
                """;
        AppSpec spec = AppSpec.builder("dog", PYTHON).args(List.of("-c", app)).cwd(dir).restart(Procs.NO_RESTART)
                .ready(new ReadyPolicy(true, Duration.ofSeconds(20), false, Duration.ofMillis(400))).build();

        Supervisor first = Supervisor.builder().runtimeDirectory(dir).build();
        ProcessInfo started;
        try {
            started = first.start(spec).join();
            await().atMost(Duration.ofSeconds(20)).until(() -> first.info("dog").join().status() == ProcessStatus.RUNNING);
            first.beginHandover(Duration.ofSeconds(10)).commit(); // "dies": closes its fds, signals nothing
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }

        adopter = recorder.attach(Supervisor.builder()).runtimeDirectory(dir).build();
        List<ProcessInfo> adopted = adopter.adopt(HandoverManifest.ofSaved(List.of(spec), List.of(ProcessStatus.RUNNING))).join();
        assertThat(adopted).singleElement().extracting(ProcessInfo::pid).isEqualTo(started.pid());

        // Twenty pings heard from the adopted process: far more than the 400 ms watchdog would allow if they went nowhere.
        String heard = "ping " + started.pid();
        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.texts("dog").stream().filter(heard::equals).count() >= 20
                || adopter.info("dog").join().pid() != started.pid());
        ProcessInfo now = adopter.info("dog").join();
        assertThat(now.pid()).as("the adopted app was replaced: " + now.lastRestartReason()).isEqualTo(started.pid());
        assertThat(now.restartCount()).isZero();
        assertThat(now.status()).isEqualTo(ProcessStatus.RUNNING);
        assertThat(adopter.stop("dog").join().status()).isEqualTo(ProcessStatus.STOPPED);
    }
}
