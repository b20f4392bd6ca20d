// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.sys.CallState;
import dev.velos.sys.Fds;
import dev.velos.sys.ProcessLauncher;
import dev.velos.sys.SpawnRequest;
import dev.velos.sys.SpawnedChild;
import dev.velos.sys.Wait;

import static org.assertj.core.api.Assertions.assertThat;

/** The exec trampoline: its argv, and that what it sets (LISTEN_PID, for issue 20) is the app's own pid. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExecTrampolineTest {
    private static final SpawnRequest APP = new SpawnRequest("/bin/sh", List.of("sh", "-c", "echo pid=$$ listen=$LISTEN_PID"),
            List.of("PATH=/usr/bin:/bin"), "/");

    @Test
    void withoutStepsTheRequestIsUnchanged() {
        assertThat(ExecTrampoline.wrap(APP, List.of())).isSameAs(APP);
    }

    @Test
    void credentialsAloneAreOneSetprivExecAndCgroupPathsAreArgumentsNeverScript() {
        SpawnRequest creds = ExecTrampoline.wrap(APP, List.of(new ExecTrampoline.SetCredentials(65534, 65534, true)));
        assertThat(creds.argv()).containsExactly(ExecTrampoline.setpriv(), "--reuid=65534", "--regid=65534", "--init-groups",
                "--", "/bin/sh", "-c", "echo pid=$$ listen=$LISTEN_PID");
        SpawnRequest both = ExecTrampoline.wrap(APP, List.of(new ExecTrampoline.EnterCgroup(Path.of("/cg/it's $(x)")),
                new ExecTrampoline.SetCredentials(1, 2, false)));
        assertThat(both.executable()).isEqualTo("/bin/sh");
        assertThat(both.argv().get(2)).doesNotContain("it's", "$(x)");
        assertThat(both.argv().subList(3, 6)).containsExactly("velos-exec", "/cg/it's $(x)", ExecTrampoline.setpriv());
        assertThat(both.argv()).contains("--clear-groups");
        assertThat(both.env()).isEqualTo(APP.env());
    }

    @Test
    void listenPidIsTheAppsOwnPidBecauseEveryStepExecs() {
        SpawnRequest wrapped = ExecTrampoline.wrap(APP, List.of(new ExecTrampoline.SetListenPid()));
        try (ProcessLauncher launcher = new ProcessLauncher(); Arena arena = Arena.ofConfined()) {
            SpawnedChild child = launcher.spawn(wrapped);
            CallState cs = CallState.allocate(arena);
            Wait.waitid(cs, Wait.P_PIDFD, child.pidfd().value(), Wait.WEXITED);
            MemorySegment buffer = arena.allocate(256);
            long n = Fds.read(cs, child.stdout().value(), buffer, 256);
            String out = new String(buffer.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            assertThat(out.strip()).isEqualTo("pid=" + child.pid() + " listen=" + child.pid());
            child.pidfd().close(cs);
            child.stdout().close(cs);
            child.stderr().close(cs);
        }
    }
}
