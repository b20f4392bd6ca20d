// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.RestartTriggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link Supervisor#startAll}: a whole batch in one command and one future (issue 15.6). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BatchStartTest {
    private final Recorder recorder = new Recorder();
    private final Supervisor supervisor = recorder.attach(Supervisor.builder()).build();

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    @Test
    void everySpecOfTheBatchRunsWithItsOwnPidAndOutput() {
        List<AppSpec> specs = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            specs.add(Procs.sh("app-" + i, "echo hello from " + i + "; exec sleep 30", Procs.NO_RESTART));
        }

        List<StartResult> results = supervisor.startAll(specs).join();

        assertThat(results).hasSize(150).allSatisfy(r -> assertThat(r).isInstanceOf(StartResult.Started.class));
        assertThat(results).extracting(StartResult::name).containsExactlyElementsOf(specs.stream().map(AppSpec::name).toList());
        List<ProcessInfo> infos = results.stream().map(r -> ((StartResult.Started) r).info()).toList();
        assertThat(infos).allSatisfy(i -> assertThat(i.status()).isEqualTo(ProcessStatus.RUNNING));
        assertThat(infos.stream().map(ProcessInfo::pid).collect(Collectors.toSet())).hasSize(150);
        assertThat(supervisor.list().join()).extracting(ProcessInfo::id).doesNotHaveDuplicates().hasSize(150);
        await().until(() -> recorder.lines.size() == 150);
        assertThat(recorder.texts("app-149")).containsExactly("hello from 149");
    }

    @Test
    void aSpecThatCannotStartFailsAloneWithTheErrorStartWouldGive() {
        supervisor.start(AppSpec.of("taken", "/bin/sleep", "30")).join();
        List<AppSpec> specs = List.of(
                AppSpec.of("first", "/bin/sleep", "30"),
                AppSpec.of("taken", "/bin/sleep", "30"),
                AppSpec.of("twice", "/bin/sleep", "30"),
                AppSpec.of("twice", "/bin/sleep", "31"),
                AppSpec.builder("bad-cron", "/bin/sleep").args(List.of("30")).triggers(new RestartTriggers(0, "61 * * * *", dev.velos.model.WatchPolicy.OFF)).build(),
                AppSpec.builder("missing", "no-such-program-here").cwd(Path.of("/tmp")).build(),
                AppSpec.of("last", "/bin/sleep", "30"));

        List<StartResult> results = supervisor.startAll(specs).join();

        assertThat(results).extracting(StartResult::name)
                .containsExactly("first", "taken", "twice", "twice", "bad-cron", "missing", "last");
        assertThat(results.get(0)).isInstanceOf(StartResult.Started.class);
        assertThat(failure(results.get(1))).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(results.get(2)).isInstanceOf(StartResult.Started.class);
        assertThat(failure(results.get(3))).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(failure(results.get(4))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(failure(results.get(5))).isEqualTo(ErrorCode.SPAWN_FAILED);
        assertThat(results.get(6)).isInstanceOf(StartResult.Started.class);
        assertThat(supervisor.list().join()).extracting(ProcessInfo::name, ProcessInfo::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("taken", ProcessStatus.RUNNING),
                org.assertj.core.groups.Tuple.tuple("first", ProcessStatus.RUNNING),
                org.assertj.core.groups.Tuple.tuple("twice", ProcessStatus.RUNNING),
                org.assertj.core.groups.Tuple.tuple("missing", ProcessStatus.ERRORED),
                org.assertj.core.groups.Tuple.tuple("last", ProcessStatus.RUNNING));
        assertThat(supervisor.info("twice").join().spec().args()).containsExactly("30");
    }

    @Test
    void aStoppedEntryInTheBatchStartsAgainAndAnEmptyBatchIsFine() {
        supervisor.start(AppSpec.of("again", "/bin/sleep", "30")).join();
        int firstPid = supervisor.stop("again").join().pid();

        List<StartResult> results = supervisor.startAll(List.of(AppSpec.of("again", "/bin/sleep", "31"))).join();

        ProcessInfo info = ((StartResult.Started) results.getFirst()).info();
        assertThat(info.status()).isEqualTo(ProcessStatus.RUNNING);
        assertThat(Set.of(info.pid())).doesNotContain(firstPid);
        assertThat(supervisor.startAll(List.of()).join()).isEmpty();
    }

    private static ErrorCode failure(StartResult result) {
        assertThat(result).isInstanceOf(StartResult.Failed.class);
        return ((StartResult.Failed) result).error().code();
    }
}
