// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.velos.model.ExitCodePolicy;
import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessStatus;
import dev.velos.model.RestartPolicy;

import static org.assertj.core.api.Assertions.assertThat;

class ExitPolicyTest {
    private static final Duration QUICK = Duration.ofMillis(10);
    private static final Duration LONG = Duration.ofSeconds(5);

    @Test
    void quickCrashesCountUpAndTheMaxMarksACrashLoop() {
        RestartPolicy p = RestartPolicy.DEFAULT.withMaxRestarts(3);
        var first = ExitPolicy.decide(p, ProcessStatus.RUNNING, ExitStatus.exited(1), QUICK, 0);
        var second = ExitPolicy.decide(p, ProcessStatus.RUNNING, ExitStatus.exited(1), QUICK, 1);
        var third = ExitPolicy.decide(p, ProcessStatus.RUNNING, ExitStatus.exited(1), QUICK, 2);
        assertThat(first.action()).isEqualTo(ExitPolicy.Action.RESTART);
        assertThat(second.action()).isEqualTo(ExitPolicy.Action.RESTART);
        assertThat(third.action()).isEqualTo(ExitPolicy.Action.CRASH_LOOP);
        assertThat(third.status()).isEqualTo(ProcessStatus.ERRORED);
        assertThat(third.consecutiveCrashes()).isEqualTo(3);
    }

    @Test
    void aLongRunResetsTheCounterAndUsesThePlainDelay() {
        RestartPolicy p = RestartPolicy.DEFAULT.withExpBackoff(true).withRestartDelay(Duration.ofMillis(250));
        var d = ExitPolicy.decide(p, ProcessStatus.RUNNING, ExitStatus.exited(1), LONG, 7);
        assertThat(d.consecutiveCrashes()).isZero();
        assertThat(d.delay()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void cleanExitIsStoppedAndAbnormalIsErrored() {
        RestartPolicy p = RestartPolicy.DEFAULT.withAutorestart(false);
        assertThat(ExitPolicy.decide(p, ProcessStatus.RUNNING, ExitStatus.exited(0), LONG, 0).status())
                .isEqualTo(ProcessStatus.STOPPED);
        assertThat(ExitPolicy.decide(p, ProcessStatus.RUNNING, ExitStatus.killed(9), LONG, 0).status())
                .isEqualTo(ProcessStatus.ERRORED);
        assertThat(ExitPolicy.decide(p, ProcessStatus.RUNNING, ExitStatus.exited(0), LONG, 0).action())
                .isEqualTo(ExitPolicy.Action.NONE);
    }

    @Test
    void aCrashWhileStartingGoesThroughThePolicy() {
        var d = ExitPolicy.decide(RestartPolicy.DEFAULT, ProcessStatus.STARTING, ExitStatus.exited(1), QUICK, 0);
        assertThat(d.action()).isEqualTo(ExitPolicy.Action.RESTART);
    }

    @Test
    void unlimitedRestartsNeverLoop() {
        RestartPolicy p = RestartPolicy.DEFAULT.withMaxRestarts(RestartPolicy.UNLIMITED);
        assertThat(ExitPolicy.decide(p, ProcessStatus.RUNNING, ExitStatus.exited(1), QUICK, 10_000).action())
                .isEqualTo(ExitPolicy.Action.RESTART);
    }

    @Test
    void onFailureLeavesAnExitZeroStoppedAndRestartsAFailure() {
        ExitCodePolicy onFailure = ExitCodePolicy.DEFAULT.withRestartOnFailureOnly(true);
        var clean = ExitPolicy.decide(RestartPolicy.DEFAULT, onFailure, ProcessStatus.RUNNING, ExitStatus.exited(0), LONG, 0);
        assertThat(clean.action()).isEqualTo(ExitPolicy.Action.NONE);
        assertThat(clean.status()).isEqualTo(ProcessStatus.STOPPED);
        assertThat(ExitPolicy.decide(RestartPolicy.DEFAULT, onFailure, ProcessStatus.RUNNING, ExitStatus.exited(3), LONG, 0)
                .action()).isEqualTo(ExitPolicy.Action.RESTART);
        assertThat(ExitPolicy.decide(RestartPolicy.DEFAULT, onFailure, ProcessStatus.RUNNING, ExitStatus.killed(9), LONG, 0)
                .action()).isEqualTo(ExitPolicy.Action.RESTART);
    }

    @Test
    void stopExitCodesEndStoppedWithoutARestartButSignalsDoNot() {
        ExitCodePolicy codes = ExitCodePolicy.DEFAULT.withStopExitCodes(java.util.Set.of(0, 143));
        var listed = ExitPolicy.decide(RestartPolicy.DEFAULT, codes, ProcessStatus.RUNNING, ExitStatus.exited(143), QUICK, 4);
        assertThat(listed.action()).isEqualTo(ExitPolicy.Action.NONE);
        assertThat(listed.status()).isEqualTo(ProcessStatus.STOPPED);
        assertThat(listed.consecutiveCrashes()).isEqualTo(4);
        assertThat(ExitPolicy.decide(RestartPolicy.DEFAULT, codes, ProcessStatus.RUNNING, ExitStatus.killed(15), LONG, 0)
                .action()).isEqualTo(ExitPolicy.Action.RESTART);
    }
}
