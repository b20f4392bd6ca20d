// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ProcessEvent;
import dev.velos.model.ProcessStatus;
import dev.velos.sys.CallState;
import dev.velos.sys.Signals;
import dev.velos.sys.Wait;
import dev.velos.sys.linux.ProcFs;
import dev.velos.sys.linux.ProcStat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A dead event loop is fatal, never a supervisor that pretends to work (issue 14.9); the heartbeat proves it turns. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FatalErrorTest {
    private Supervisor supervisor;

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.close();
        }
        killOwnChildren(); // a dead loop reaps nothing: the test does it
    }

    @Test
    void anErrorOnTheLoopReachesOnFatalOnTheLoopThreadAndEveryWaiterAndLaterCallFails() throws Exception {
        CompletableFuture<Throwable> fatal = new CompletableFuture<>();
        List<String> fatalThread = new CopyOnWriteArrayList<>();
        ProcessListener bomb = event -> {
            if (event instanceof ProcessEvent.Started started && started.name().equals("boom")) {
                throw new OutOfMemoryError("injected");
            }
        };
        supervisor = Supervisor.builder().listener(bomb).onFatal(cause -> {
            fatalThread.add(Thread.currentThread().getName());
            fatal.complete(cause);
        }).build();
        supervisor.start(AppSpec.of("steady", "/bin/sleep", "30")).join();

        CompletableFuture<dev.velos.model.ProcessInfo> boom = supervisor.start(AppSpec.of("boom", "/bin/sleep", "30"));

        assertThat(fatal.get(10, TimeUnit.SECONDS)).isInstanceOf(OutOfMemoryError.class).hasMessage("injected");
        assertThat(fatalThread).singleElement().asString().startsWith("velos-loop");
        assertThatThrownBy(boom::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(SupervisorException.class).hasMessageContaining("event loop died");
        assertThatThrownBy(() -> supervisor.list().join()).cause().isInstanceOfSatisfying(SupervisorException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM)).hasMessageContaining("injected");
        assertThatThrownBy(() -> supervisor.stop("steady").join()).cause().hasMessageContaining("event loop died");
    }

    @Test
    void aRuntimeExceptionInAListenerIsLoggedAndTheLoopGoesOn() {
        CompletableFuture<Throwable> fatal = new CompletableFuture<>();
        supervisor = Supervisor.builder().onFatal(fatal::complete).listener(event -> {
            throw new IllegalStateException("a listener's bug");
        }).build();
        assertThat(supervisor.start(AppSpec.of("fine", "/bin/sleep", "30")).join().status()).isEqualTo(ProcessStatus.RUNNING);
        assertThat(supervisor.stop("fine").join().status()).isEqualTo(ProcessStatus.STOPPED);
        assertThat(fatal).isNotDone();
    }

    @Test
    void theHeartbeatRunsOnTheLoopThreadAtItsIntervalAndStopsWithTheLoop() {
        List<String> threads = new CopyOnWriteArrayList<>();
        supervisor = Supervisor.builder().heartbeat(Duration.ofMillis(50), () -> threads.add(Thread.currentThread().getName()))
                .build();
        await().atMost(Duration.ofSeconds(5)).until(() -> threads.size() >= 5);
        assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("velos-loop"));
        supervisor.close();
        int afterClose = threads.size();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> threads.size() == afterClose);
    }

    @Test
    void aHeartbeatThatThrowsKeepsBeating() {
        AtomicInteger beats = new AtomicInteger();
        supervisor = Supervisor.builder().heartbeat(Duration.ofMillis(20), () -> {
            beats.incrementAndGet();
            throw new IllegalStateException("watchdog socket gone");
        }).build();
        await().atMost(Duration.ofSeconds(5)).until(() -> beats.get() >= 3);
    }

    /**
     * The default handler with a real OutOfMemoryError: a JVM with a small heap whose log sink keeps
     * every line runs out of memory on the loop thread, and must exit with the documented status
     * instead of living on without a loop.
     */
    @Test
    void byDefaultARealOutOfMemoryErrorOnTheLoopHaltsTheJvmWithTheFatalStatus() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String marker = "hoarded-" + UUID.randomUUID();
        Process jvm = new ProcessBuilder(java.toString(), "-Xmx24m", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), HoardingSupervisorMain.class.getName(), marker).redirectErrorStream(true)
                .start();
        String output;
        try (var in = jvm.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
            killCarrying(marker); // the halted supervisor's app lives on, as apps do: it is this test's to stop
        }
        assertThat(jvm.exitValue()).as(output).isEqualTo(Supervisor.FATAL_EXIT_STATUS);
        assertThat(output).contains("the event loop died; halting the JVM with status 70").doesNotContain("still alive");
    }

    /** Kills every process whose command line carries {@code marker}. */
    private static void killCarrying(String marker) throws java.io.IOException {
        for (ProcStat stat : ProcFs.allProcesses()) {
            Path cmdline = Path.of("/proc/" + stat.pid() + "/cmdline");
            try {
                if (new String(java.nio.file.Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains(marker)) {
                    ProcessHandle.of(stat.pid()).ifPresent(ProcessHandle::destroyForcibly);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // gone meanwhile
            }
        }
    }

    /** Kills and reaps whatever children of this JVM a dead loop left behind. */
    private static void killOwnChildren() {
        int self = (int) ProcessHandle.current().pid();
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            for (ProcStat stat : ProcFs.allProcesses()) {
                if (stat.ppid() == self) {
                    Signals.kill(cs, stat.pid(), Signals.SIGKILL);
                    Wait.waitid(cs, Wait.P_PID, stat.pid(), Wait.WEXITED);
                }
            }
        }
    }
}
