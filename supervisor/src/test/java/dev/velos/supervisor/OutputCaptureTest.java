// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.LogLine;
import dev.velos.model.LogStream;
import dev.velos.model.ProcessEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutputCaptureTest {
    private final Recorder recorder = new Recorder();
    private Supervisor supervisor;

    @BeforeEach
    void setUp() {
        supervisor = recorder.attach(Supervisor.builder()).build();
    }

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    @Test
    void everyLineOfAProcessThatPrintsAndExitsIsDeliveredBeforeItsExit() {
        supervisor.start(Procs.sh("lines", "i=1; while [ $i -le 500 ]; do echo line-$i; i=$((i+1)); done",
                Procs.NO_RESTART)).join();

        await().until(() -> !recorder.events(ProcessEvent.Exited.class, "lines").isEmpty());

        List<String> expected = IntStream.rangeClosed(1, 500).mapToObj(i -> "line-" + i).toList();
        assertThat(recorder.texts("lines")).containsExactlyElementsOf(expected);
    }

    @Test
    void stdoutAndStderrAreTaggedWithTheirStream() {
        supervisor.start(Procs.sh("streams", "echo to-out; echo to-err >&2", Procs.NO_RESTART)).join();
        await().until(() -> recorder.texts("streams").size() == 2);
        assertThat(recorder.lines).filteredOn(l -> l.text().equals("to-out")).extracting(LogLine::stream)
                .containsExactly(LogStream.STDOUT);
        assertThat(recorder.lines).filteredOn(l -> l.text().equals("to-err")).extracting(LogLine::stream)
                .containsExactly(LogStream.STDERR);
    }

    @Test
    void aOneMebibyteLineArrivesInCappedPiecesThatJoinBackExactly() {
        // 1 MiB of 'x' in one line, written by dd so the shell never holds it in memory.
        supervisor.start(Procs.sh("big", "head -c 1048576 /dev/zero | tr '\\0' x; echo; echo after", Procs.NO_RESTART))
                .join();
        await().until(() -> recorder.texts("big").contains("after"));

        List<LogLine> pieces = recorder.lines.stream().filter(l -> l.name().equals("big") && !l.text().equals("after"))
                .toList();
        assertThat(pieces).hasSize(16);
        assertThat(pieces.get(0).continued()).isFalse();
        assertThat(pieces.subList(1, pieces.size())).allMatch(LogLine::continued);
        assertThat(pieces).allMatch(l -> l.text().length() <= 64 * 1024);
        String joined = String.join("", pieces.stream().map(LogLine::text).toList());
        assertThat(joined).hasSize(1 << 20).matches("x+");
    }

    @Test
    void aLastLineWithoutNewlineIsKept() {
        supervisor.start(Procs.sh("tail", "printf 'no newline at end'", Procs.NO_RESTART)).join();
        await().until(() -> recorder.texts("tail").contains("no newline at end"));
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        supervisor.start(Procs.sh("bytes", "printf 'ok \\377\\376 end\\n'", Procs.NO_RESTART)).join();
        await().until(() -> !recorder.texts("bytes").isEmpty());
        assertThat(recorder.texts("bytes").get(0)).isEqualTo("ok \uFFFD\uFFFD end");
    }

    @Test
    void outputOfABackgroundGrandchildAfterTheLeaderExitsIsStillRead() {
        supervisor.start(Procs.sh("late", "(sleep 0.3; echo from-grandchild) & echo leader-done", Procs.NO_RESTART)).join();
        // The leader exits at once; the group teardown signals the grandchild, which is still in the
        // group, so it may or may not get to print. What it printed before that must not be lost,
        // and the leader's line always arrives.
        await().until(() -> recorder.texts("late").contains("leader-done"));
        await().until(() -> !recorder.events(ProcessEvent.Exited.class, "late").isEmpty());
    }

    @Test
    void childEnvironmentHasTheAppEnvOnTopOfTheSupervisors() {
        supervisor.start(dev.velos.model.AppSpec.builder("env", "/bin/sh")
                .args(List.of("-c", "echo \"$GREETING|${HOME:+home-set}\""))
                .env(java.util.Map.of("GREETING", "hello world")).restart(Procs.NO_RESTART).build()).join();
        await().until(() -> recorder.texts("env").contains("hello world|home-set"));
    }

    @Test
    void clusterInstancesSeeTheirIndex() {
        supervisor.start(dev.velos.model.AppSpec.builder("api:2", "/bin/sh")
                .args(List.of("-c", "echo \"$VELOS_INSTANCE_ID/$NODE_APP_INSTANCE\"")).instance(2)
                .restart(Procs.NO_RESTART).build()).join();
        await().until(() -> recorder.texts("api:2").contains("2/2"));
    }
}
