// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.velos.model.AppSpec;
import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code velos run}'s exit policy, without processes: when it ends and with which code (issue 22). */
class RunExitPolicyTest {
    private static final List<String> APPS = List.of("db", "web:0", "web:1", "job");

    private static RunExitPolicy.Ended ended(String name, int code) {
        return new RunExitPolicy.Ended(name, code);
    }

    @Test
    void allWaitsForEveryAppAndEndsWithTheFirstFailure() {
        RunExitPolicy all = RunExitPolicy.parse("all");
        assertThat(all.decide(APPS, List.of(ended("job", 0), ended("db", 3)))).isEmpty();
        assertThat(all.decide(APPS, List.of(ended("job", 0), ended("db", 3), ended("web:1", 143), ended("web:0", 0))))
                .contains(3);
        assertThat(all.decide(APPS, APPS.stream().map(n -> ended(n, 0)).toList())).contains(0);
    }

    @Test
    void anyEndsWithTheFirstAppThatEnded() {
        RunExitPolicy any = RunExitPolicy.parse("ANY");
        assertThat(any.decide(APPS, List.of())).isEmpty();
        assertThat(any.decide(APPS, List.of(ended("job", 0), ended("db", 3)))).contains(0);
    }

    @Test
    void anAppWaitsForThatAppOrEveryInstanceOfThatCluster() {
        RunExitPolicy web = RunExitPolicy.parse("web");
        assertThat(web.decide(APPS, List.of(ended("db", 1), ended("web:0", 0)))).isEmpty();
        assertThat(web.decide(APPS, List.of(ended("db", 1), ended("web:0", 0), ended("web:1", 137)))).contains(137);
        assertThat(RunExitPolicy.parse("job").decide(APPS, List.of(ended("job", 0)))).isEqualTo(Optional.of(0));
    }

    @Test
    void aPolicyThatIsNeitherAllAnyNorAnAppNameIsRefused() {
        assertThatThrownBy(() -> RunExitPolicy.parse("../x")).isInstanceOf(VelosException.class)
                .hasMessage("exit policy '../x' is not 'all', 'any' or an app's name");
    }

    @Test
    void anEndedAppsCodeIsZeroWhenStoppedElseItsExitCodeOrSignalOrOne() {
        assertThat(RunExitPolicy.codeOf(info(ProcessStatus.STOPPED, ExitStatus.killed(15)))).isZero();
        assertThat(RunExitPolicy.codeOf(info(ProcessStatus.ERRORED, ExitStatus.exited(3)))).isEqualTo(3);
        assertThat(RunExitPolicy.codeOf(info(ProcessStatus.ERRORED, ExitStatus.killed(9)))).isEqualTo(137);
        assertThat(RunExitPolicy.codeOf(info(ProcessStatus.ERRORED, ExitStatus.NONE))).isEqualTo(1);
    }

    private static ProcessInfo info(ProcessStatus status, ExitStatus exit) {
        return new ProcessInfo(1, AppSpec.of("a", "/bin/true"), status, 10, Instant.EPOCH, 0, 0, 0, Instant.EPOCH, exit, 0, 0,
                "", "");
    }
}
