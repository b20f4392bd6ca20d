// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.ProcessEvent;
import dev.velos.model.RestartPolicy;
import dev.velos.sys.CallState;
import dev.velos.sys.ProcessLauncher;
import dev.velos.sys.Signals;
import dev.velos.sys.SpawnRequest;
import dev.velos.sys.SpawnedChild;
import dev.velos.sys.linux.ProcEnviron;
import dev.velos.sys.linux.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an app starts outside its process group — {@code setsid}, a daemonising double fork — is
 * found by its {@code VELOS_APP} marker and ended with the app (issue 14.11), and nothing that
 * does not carry the exact marker is ever touched.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EscapedProcessesTest {
    /** Children of this JVM before the test (see {@link Procs#children()}). */
    private final Set<Integer> earlierChildren = Procs.children();
    @TempDir
    Path home;
    private final Recorder recorder = new Recorder();
    private final List<Integer> leftovers = new ArrayList<>();
    private Supervisor supervisor;

    private Supervisor supervisor() {
        supervisor = recorder.attach(Supervisor.builder().runtimeDirectory(home)).build();
        return supervisor;
    }

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.close();
        }
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            leftovers.forEach(pid -> Signals.kill(cs, pid, Signals.SIGKILL));
        }
    }

    /** Runs {@code script}, which prints {@code esc=<pid>} for the process it sent outside its group. */
    private int startEscaping(String name, String script, RestartPolicy policy) {
        supervisor.start(Procs.sh(name, script, policy)).join();
        await().until(() -> recorder.texts(name).stream().anyMatch(t -> t.startsWith("esc=")));
        int pid = Integer.parseInt(recorder.texts(name).stream().filter(t -> t.startsWith("esc=")).reduce((a, b) -> b)
                .orElseThrow().substring(4));
        leftovers.add(pid);
        assertThat(running(pid)).isTrue();
        return pid;
    }

    private static boolean running(int pid) {
        return ProcFs.stat(pid).map(s -> !s.isZombie()).orElse(false);
    }

    @Test
    void stopEndsAProcessThatLeftTheGroupWithSetsid() {
        supervisor();
        int escaped = startEscaping("web", "setsid sleep 1000 & echo esc=$!; exec sleep 1000", Procs.NO_RESTART);
        assertThat(ProcFs.stat(escaped).orElseThrow().pgrp()).isNotEqualTo(supervisor.info("web").join().pid());

        supervisor.stop("web").join();

        assertThat(running(escaped)).as("still running after stop").isFalse();
    }

    @Test
    void aStrayThatIgnoresSigtermGetsSigkillAfterTheKillTimeout() {
        supervisor();
        RestartPolicy policy = Procs.NO_RESTART.withKillTimeout(Duration.ofMillis(400));
        int escaped = startEscaping("stubborn", "setsid sh -c 'trap \"\" TERM; while :; do sleep 0.05; done' & echo esc=$!; "
                + "exec sleep 1000", policy);

        long start = System.nanoTime();
        supervisor.stop("stubborn").join();

        assertThat(running(escaped)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void deleteAndStopOfAnAppThatDaemonisedAndExitedEndWhatItLeft() {
        supervisor();
        int first = startEscaping("daemonised", "setsid sleep 1000 & echo esc=$!; sleep 0.2; exit 0", Procs.NO_RESTART);
        await().until(() -> !recorder.events(ProcessEvent.Exited.class, "daemonised").isEmpty());
        assertThat(running(first)).as("an app that exits on its own may leave its daemon running").isTrue();

        supervisor.stop("daemonised").join();
        assertThat(running(first)).isFalse();

        int second = startEscaping("gone", "setsid sleep 1000 & echo esc=$!; sleep 0.2; exit 0", Procs.NO_RESTART);
        await().until(() -> !recorder.events(ProcessEvent.Exited.class, "gone").isEmpty());
        supervisor.delete("gone").join();
        assertThat(running(second)).isFalse();
    }

    @Test
    void closingTheSupervisorEndsEveryStray() {
        supervisor();
        int a = startEscaping("a", "setsid sleep 1000 & echo esc=$!; exec sleep 1000", Procs.NO_RESTART);
        int b = startEscaping("b", "(setsid sh -c 'sleep 1000 & echo esc=$!') ; exec sleep 1000", Procs.NO_RESTART);

        supervisor.close();

        assertThat(running(a)).isFalse();
        assertThat(running(b)).isFalse();
    }

    @Test
    void anAutomaticRestartEndsTheLastGenerationsStraysBeforeTheNextStarts() {
        supervisor();
        RestartPolicy restart = RestartPolicy.DEFAULT.withRestartDelay(Duration.ZERO).withMaxRestarts(50);
        int first = startEscaping("crashy", "setsid sleep 1000 & echo esc=$!; sleep 0.3; exit 1", restart);

        await().until(() -> recorder.events(ProcessEvent.Started.class, "crashy").size() >= 2);

        assertThat(running(first)).as("the crashed generation's stray").isFalse();
        supervisor.stop("crashy").join();
        recorder.texts("crashy").stream().filter(t -> t.startsWith("esc=")).map(t -> Integer.parseInt(t.substring(4)))
                .forEach(pid -> assertThat(running(pid)).as("stray %d", pid).isFalse());
    }

    @Test
    void asSubreaperTheStraysComeBackToThisProcessAndAreReapedNotLeftAsZombies() {
        supervisor = recorder.attach(Supervisor.builder().runtimeDirectory(home).subreaper(true)).build();
        int escaped = startEscaping("reaped", "setsid sleep 1000 & echo esc=$!; sleep 0.2; exit 0", Procs.NO_RESTART);
        await().until(() -> ProcFs.stat(escaped).orElseThrow().ppid() == ProcessHandle.current().pid());

        supervisor.stop("reaped").join();

        assertThat(ProcFs.stat(escaped)).as("reaped, not a zombie").isEmpty();
        // Reaping is the loop's work and may trail the event that ended the test by a moment; a leak stays.
        await().atMost(Duration.ofSeconds(10)).until(() -> Procs.zombieChildren(earlierChildren).isEmpty());
    }

    @Test
    void onlyTheExactMarkerCounts() {
        supervisor();
        int other = startEscaping("web2", "setsid sleep 1000 & echo esc=$!; exec sleep 1000", Procs.NO_RESTART);
        startEscaping("web", "setsid sleep 1000 & echo esc=$!; exec sleep 1000", Procs.NO_RESTART);
        try (Supervisor elsewhere = Supervisor.builder().runtimeDirectory(home.resolve("other")).build()) {
            elsewhere.start(Procs.sh("web", "exec sleep 1000", Procs.NO_RESTART)).join();
            int foreign = elsewhere.info("web").join().pid();

            supervisor.stop("web").join();

            assertThat(running(other)).as("web2's stray").isTrue();
            assertThat(running(foreign)).as("another supervisor's web").isTrue();
        }
    }

    @Test
    void aCandidateWhoseEnvironmentNoLongerCarriesTheMarkerIsNotSignalled() throws Exception {
        supervisor();
        try (Arena arena = Arena.ofConfined(); ProcessLauncher launcher = new ProcessLauncher()) {
            SpawnedChild stranger = launcher.spawn(new SpawnRequest("/bin/sleep", List.of("sleep", "1000"),
                    List.of(LaunchPlanner.OWNER_ENV + "=web@elsewhere"), "/"));
            leftovers.add(stranger.pid());
            await().until(() -> new ProcEnviron().value(stranger.pid(), LaunchPlanner.OWNER_ENV).isPresent());
            EventLoop loop = new EventLoop("test-loop", Throwable::printStackTrace);
            loop.start();
            try {
                CompletableFuture<Boolean> ended = new CompletableFuture<>();
                loop.execute(() -> ended.complete(new StraySweep(loop, "test", 100, () -> { })
                        .end(stranger.pid(), "web@" + home, new ProcEnviron())));
                assertThat(ended.get(5, TimeUnit.SECONDS)).isFalse();
                assertThat(running(stranger.pid())).isTrue();
            } finally {
                loop.close();
                Signals.kill(CallState.allocate(arena), stranger.pid(), Signals.SIGKILL);
                dev.velos.sys.Wait.waitid(CallState.allocate(arena), dev.velos.sys.Wait.P_PIDFD, stranger.pidfd().value(),
                        dev.velos.sys.Wait.WEXITED);
                stranger.pidfd().close();
                stranger.stdout().close();
                stranger.stderr().close();
            }
        }
    }

    /** A process whose parent is {@code parent}, from /proc. */
    private static java.util.OptionalInt childOf(int parent) {
        try (var dirs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.matches("\\d+")).mapToInt(Integer::parseInt)
                    .filter(pid -> dev.velos.sys.linux.ProcFs.stat(pid).map(st -> st.ppid() == parent).orElse(false))
                    .findFirst();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void stopStraysEndsMarkedProcessesOfIdleAppsAndSecondCopiesOfRunningOnes() throws Exception {
        try (Arena arena = Arena.ofConfined(); ProcessLauncher launcher = new ProcessLauncher()) {
            // Left by a predecessor that died with this runtime directory: no entry knows them.
            SpawnedChild ghost = launcher.spawn(new SpawnRequest("/bin/sleep", List.of("sleep", "1000"),
                    List.of(LaunchPlanner.OWNER_ENV + "=ghost@" + home.toAbsolutePath().normalize()), "/"));
            leftovers.add(ghost.pid());
            // A second copy of an app that runs here: what a daemon killed between spawning a
            // restart's new process and saving its state leaves behind.
            SpawnedChild copy = launcher.spawn(new SpawnRequest("/bin/sleep", List.of("sleep", "1001"),
                    List.of(LaunchPlanner.OWNER_ENV + "=alive@" + home.toAbsolutePath().normalize()), "/"));
            leftovers.add(copy.pid());
            await().until(() -> new ProcEnviron().value(ghost.pid(), LaunchPlanner.OWNER_ENV).isPresent()
                    && new ProcEnviron().value(copy.pid(), LaunchPlanner.OWNER_ENV).isPresent());
            supervisor();
            supervisor.start(AppSpec.of("alive", "/bin/sleep", "1000")).join();
            int alive = supervisor.info("alive").join().pid();
            // An app's own children carry its marker too, and stay.
            supervisor.start(AppSpec.of("tree", "/bin/sh", "-c", "sleep 1002 & exec sleep 1003")).join();
            int tree = supervisor.info("tree").join().pid();
            int treeChild = await().until(() -> childOf(tree), java.util.OptionalInt::isPresent).getAsInt();

            int stopped = supervisor.stopStrays(Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS);

            assertThat(stopped).isEqualTo(2);
            await().until(() -> !running(ghost.pid()) && !running(copy.pid()));
            assertThat(running(alive)).isTrue();
            assertThat(running(tree)).isTrue();
            assertThat(running(treeChild)).as("a child of a running app").isTrue();
            for (SpawnedChild gone : List.of(copy)) {
                dev.velos.sys.Wait.waitid(CallState.allocate(arena), dev.velos.sys.Wait.P_PIDFD, gone.pidfd().value(),
                        dev.velos.sys.Wait.WEXITED);
                gone.pidfd().close();
                gone.stdout().close();
                gone.stderr().close();
            }
            dev.velos.sys.Wait.waitid(CallState.allocate(arena), dev.velos.sys.Wait.P_PIDFD, ghost.pidfd().value(),
                    dev.velos.sys.Wait.WEXITED);
            ghost.pidfd().close();
            ghost.stdout().close();
            ghost.stderr().close();
        }
    }
}
