// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ProcessInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a supervisor does with the calls that waited on its parked loop once the hand-over is
 * committed (issue 20): they fail as {@code closed}, and {@link Supervisor#handedOver()} says why,
 * so a daemon tells its clients to ask the successor — instead of answering them from the emptied
 * table (a list of no apps, a stop of an app "not found").
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandoverCommitTest {
    @TempDir
    Path dir;

    @Test
    void callsQueuedBehindACommittedHandOverFailInsteadOfSeeingAnEmptyTable() throws Exception {
        Supervisor supervisor = Supervisor.builder().runtimeDirectory(dir).build();
        ProcessInfo sleeper = null;
        try {
            sleeper = supervisor.start(AppSpec.builder("sleeper", "/bin/sleep").args(List.of("60")).build()).join();
            assertThat(supervisor.handedOver()).isFalse();
            Handover handover = supervisor.beginHandover(Duration.ofSeconds(30));
            CompletableFuture<List<ProcessInfo>> queuedList = supervisor.list();
            CompletableFuture<ProcessInfo> queuedStop = supervisor.stop("sleeper");

            handover.commit();

            assertThat(supervisor.handedOver()).isTrue();
            for (CompletableFuture<?> queued : List.of(queuedList, queuedStop)) {
                assertThatThrownBy(queued::join).isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(SupervisorException.class)
                        .satisfies(e -> assertThat(((SupervisorException) e).code()).isEqualTo(ErrorCode.CLOSED));
            }
            assertThat(ProcessHandle.of(sleeper.pid())).as("the app is the successor's: untouched").isPresent();
        } finally {
            supervisor.close();
            if (sleeper != null) {
                ProcessHandle.of(sleeper.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
