// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys.linux;

import java.lang.foreign.Arena;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.velos.sys.CallState;
import dev.velos.sys.ProcessLauncher;
import dev.velos.sys.Signals;
import dev.velos.sys.SpawnRequest;
import dev.velos.sys.SpawnedChild;
import dev.velos.sys.Wait;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding real processes by a variable of their initial environment. */
@EnabledOnOs(OS.LINUX)
class ProcEnvironTest {
    private static final String VARIABLE = "VELOS_TEST_MARK";

    @Test
    void aProcessIsFoundByItsExactMarkerAndNotByAnotherOrAPrefix() {
        String mine = "app@" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (Arena arena = Arena.ofConfined(); ProcessLauncher launcher = new ProcessLauncher()) {
            CallState cs = CallState.allocate(arena);
            SpawnedChild marked = launcher.spawn(new SpawnRequest("/bin/sleep", List.of("sleep", "30"),
                    List.of("PATH=/usr/bin:/bin", "A_LONG_ONE=" + "x".repeat(40_000), VARIABLE + "=" + mine, "Z=1"), "/"));
            SpawnedChild other = launcher.spawn(new SpawnRequest("/bin/sleep", List.of("sleep", "30"),
                    List.of(VARIABLE + "=" + mine + "-not", "X" + VARIABLE + "=" + mine), "/"));
            try {
                ProcEnviron environ = new ProcEnviron();
                // posix_spawn returns once the child's exec has released our memory, a moment before the
                // kernel has laid out its new environment: until then environ reads empty.
                awaitEnvironment(environ, marked.pid());
                awaitEnvironment(environ, other.pid());

                List<ProcEnviron.Marked> found = environ.carrying(VARIABLE, mine::equals);

                assertThat(found).containsExactly(new ProcEnviron.Marked(marked.pid(), mine));
                assertThat(environ.value(marked.pid(), VARIABLE)).contains(mine);
                assertThat(environ.value(other.pid(), VARIABLE)).contains(mine + "-not");
                assertThat(environ.value(marked.pid(), "NOT_SET")).isEmpty();
            } finally {
                for (SpawnedChild child : List.of(marked, other)) {
                    Signals.kill(cs, child.pid(), Signals.SIGKILL);
                    Wait.waitid(cs, Wait.P_PIDFD, child.pidfd().value(), Wait.WEXITED);
                    child.pidfd().close(cs);
                    child.stdout().close(cs);
                    child.stderr().close(cs);
                }
            }
        }
    }

    private static void awaitEnvironment(ProcEnviron environ, int pid) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (environ.value(pid, VARIABLE).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aProcessThatIsGoneOrAZombieHasNoEnvironment() {
        try (Arena arena = Arena.ofConfined(); ProcessLauncher launcher = new ProcessLauncher()) {
            CallState cs = CallState.allocate(arena);
            SpawnedChild child = launcher.spawn(new SpawnRequest("/bin/true", List.of("true"), List.of(VARIABLE + "=z"), "/"));
            try {
                // Exited and unreaped (a zombie) once its pidfd is readable; its environ then reads empty.
                while (ProcFs.stat(child.pid()).map(s -> !s.isZombie()).orElse(false)) {
                    Thread.onSpinWait();
                }
                assertThat(new ProcEnviron().value(child.pid(), VARIABLE)).isEmpty();
            } finally {
                Wait.waitid(cs, Wait.P_PIDFD, child.pidfd().value(), Wait.WEXITED);
                child.pidfd().close(cs);
                child.stdout().close(cs);
                child.stderr().close(cs);
            }
            assertThat(new ProcEnviron().value(child.pid(), VARIABLE)).isEmpty();
        }
    }
}
