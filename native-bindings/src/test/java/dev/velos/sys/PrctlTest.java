// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;

import dev.velos.sys.linux.ProcFs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/** The child-subreaper flag. Every test leaves this JVM a non-subreaper again. */
@EnabledOnOs(OS.LINUX)
@Timeout(20)
class PrctlTest {
    private Arena arena;
    private CallState cs;

    @BeforeEach
    void open() {
        arena = Arena.ofConfined();
        cs = CallState.allocate(arena);
    }

    @AfterEach
    void close() {
        try {
            Prctl.setChildSubreaper(cs, false);
        } finally {
            arena.close();
        }
    }

    @Test
    void childSubreaperFlagReadsBackWhatWasSet() {
        assertThat(Prctl.isChildSubreaper(cs)).isFalse();

        Prctl.setChildSubreaper(cs, true);
        assertThat(Prctl.isChildSubreaper(cs)).isTrue();

        Prctl.setChildSubreaper(cs, false);
        assertThat(Prctl.isChildSubreaper(cs)).isFalse();
    }

    @Test
    void orphanedGrandchildIsReparentedToASubreaper() {
        Prctl.setChildSubreaper(cs, true);
        try (Children children = new Children(cs)) {
            SpawnedChild shell = children.spawn("/bin/sh", "-c", "sleep 5 >/dev/null 2>&1 </dev/null & echo $!");
            int orphan = Integer.parseInt(children.readToEof(shell.stdout()).trim());
            assertThat(children.reap(shell).exited()).isTrue();

            try (Fd orphanPidfd = Pidfd.open(cs, orphan)) {
                assertThat(ProcFs.stat(orphan).orElseThrow().ppid()).isEqualTo(Children.self());
                assertThat(Pidfd.sendSignal(cs, orphanPidfd, Signals.SIGKILL, 0)).isTrue();
                Children.awaitReadable(cs, orphanPidfd, Children.TIMEOUT);
                // The JVM is its parent now, so this process must reap it; P_PIDFD reaps only this one.
                assertThat(Wait.waitid(cs, Wait.P_PIDFD, orphanPidfd.value(), Wait.WEXITED))
                        .contains(new Wait.Result(orphan, Wait.CLD_KILLED, Signals.SIGKILL));
            }
        }
    }
}
