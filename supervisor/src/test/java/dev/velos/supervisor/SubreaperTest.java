// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.foreign.Arena;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessEvent;
import dev.velos.sys.CallState;
import dev.velos.sys.Prctl;
import dev.velos.sys.linux.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** In subreaper mode orphans come back to this JVM and are reaped, and managed exits are never stolen. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubreaperTest {
    /** Children of this JVM before the test (see {@link Procs#children()}). */
    private final Set<Integer> earlierChildren = Procs.children();

    @Test
    void orphanedGrandchildrenAreReapedWithoutStealingManagedChildren() {
        Recorder recorder = new Recorder();
        try (Supervisor supervisor = recorder.attach(Supervisor.builder().subreaper(true)).build()) {
            assertThat(isSubreaper()).isTrue();
            // The grandchild leaves the app's group (setsid), so the group teardown does not kill it:
            // when the app exits, it is re-parented to this JVM and must be reaped here.
            supervisor.start(Procs.sh("parent", "setsid sh -c 'echo orphan=$$; sleep 0.5' & sleep 0.2; exit 3",
                    Procs.NO_RESTART)).join();
            supervisor.start(Procs.sh("steady", "sleep 1.2; exit 5", Procs.NO_RESTART)).join();

            await().until(() -> recorder.texts("parent").stream().anyMatch(t -> t.startsWith("orphan=")));
            int orphan = Integer.parseInt(recorder.texts("parent").stream().filter(t -> t.startsWith("orphan="))
                    .findFirst().orElseThrow().substring("orphan=".length()));

            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.events(ProcessEvent.Exited.class, "steady").size() == 1);
            assertThat(recorder.events(ProcessEvent.Exited.class, "parent").get(0).exit()).isEqualTo(ExitStatus.exited(3));
            assertThat(recorder.events(ProcessEvent.Exited.class, "steady").get(0).exit()).isEqualTo(ExitStatus.exited(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> ProcFs.stat(orphan).isEmpty());
            assertThat(supervisor.orphansReaped().join()).isGreaterThanOrEqualTo(1);
            // Reaping is the loop's work and may trail the event that ended the test by a moment; a leak stays.
            await().atMost(Duration.ofSeconds(10)).until(() -> Procs.zombieChildren(earlierChildren).isEmpty());
        }
        assertThat(isSubreaper()).isFalse();
    }

    private static boolean isSubreaper() {
        try (Arena arena = Arena.ofConfined()) {
            return Prctl.isChildSubreaper(CallState.allocate(arena));
        }
    }
}
