// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.sys.CallState;
import dev.velos.sys.Fd;
import dev.velos.sys.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A hand-over that does not happen (issue 20, docs/HANDOVER.md): the successor refuses, or never
 * answers. The old supervisor then resumes where it parked — same app, same pid, every numbered
 * line of its output read exactly once — and still commands its apps.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HandoverAbortTest {
    private static final int LINES = 3000;
    @TempDir
    Path dir;
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private Supervisor supervisor;
    private CallState cs;

    @BeforeEach
    void setUp() {
        assumeTrue(Files.isExecutable(Path.of(HandoverApps.PYTHON)), "needs python3 for the printer");
        cs = CallState.open();
        supervisor = Supervisor.builder().runtimeDirectory(dir).logSink(line -> lines.add(line.text())).build();
    }

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.close();
        }
        if (cs != null) {
            cs.close();
        }
    }

    @Test
    void aRefusedHandOverIsAbortedAndTheOldSupervisorReadsOnWithNothingLostOrDoubled() throws Exception {
        ProcessInfo printer = startPrinter();
        Sockets.Pair pair = Sockets.socketpair(cs, Sockets.SOCK_SEQPACKET | Sockets.SOCK_CLOEXEC);
        try {
            CompletableFuture<Void> successor = CompletableFuture.runAsync(() -> refuse(pair.second()));
            Handover handover = supervisor.beginHandover(Duration.ofSeconds(30));
            assertThat(handover.manifest().apps()).singleElement().satisfies(app -> {
                assertThat(app.spec().name()).isEqualTo("printer");
                assertThat(app.child()).get().extracting(HandoverManifest.Child::pid).isEqualTo(printer.pid());
            });
            HandoverChannel.send(pair.first(), HandoverCodec.encode(handover.manifest(), HandoverApps.SPECS), handover.fds());
            assertThatThrownBy(() -> HandoverChannel.awaitAnswer(pair.first(), Duration.ofSeconds(30)))
                    .isInstanceOf(SupervisorException.class).hasMessageContaining("no room here");
            handover.abort();
            successor.join();
        } finally {
            pair.first().close(cs);
            pair.second().close(cs);
        }
        assertTheOldSupervisorStillOwns(printer);
    }

    @Test
    void aHandOverWithNoWordWithinItsTimeoutAbortsByItselfAndALateCommitFails() throws Exception {
        ProcessInfo printer = startPrinter();
        Handover handover = supervisor.beginHandover(Duration.ofMillis(300));
        // Nobody answers: the loop must come back by itself (the list below is served by it).
        await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.list().get(1, TimeUnit.SECONDS).size() == 1);
        assertThatThrownBy(handover::commit).isInstanceOf(SupervisorException.class).hasMessageContaining("timed out");
        assertTheOldSupervisorStillOwns(printer);
    }

    private ProcessInfo startPrinter() throws Exception {
        HandoverApps.writeScripts(dir);
        AppSpec spec = HandoverApps.specs(dir, LINES).getFirst();
        ProcessInfo printer = supervisor.start(spec).join();
        await().atMost(Duration.ofSeconds(20)).until(() -> HandoverTest.printed(prefixed()).size() > 300);
        return printer;
    }

    /** The successor's side: take what was sent, give it back (close our copies), say no. */
    private static void refuse(Fd socket) {
        HandoverChannel.Received received = HandoverChannel.receive(socket, Duration.ofSeconds(30));
        received.fds().forEach(Fd::close);
        HandoverChannel.answer(socket, Optional.of("no room here"));
    }

    private void assertTheOldSupervisorStillOwns(ProcessInfo printer) {
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.contains("printed all"));
        Map<Integer, Integer> counts = HandoverTest.printed(prefixed());
        assertThat(counts).hasSize(LINES);
        assertThat(counts.values()).allMatch(c -> c == 1);
        assertThat(lines).noneMatch(l -> !l.startsWith("n=") && !l.equals("printed all"));
        ProcessInfo now = supervisor.info("printer").join();
        assertThat(now.pid()).isEqualTo(printer.pid());
        assertThat(now.status()).isEqualTo(ProcessStatus.RUNNING);
        assertThat(supervisor.stop("printer").join().status()).isEqualTo(ProcessStatus.STOPPED);
    }

    /** The lines as {@link HandoverTest#printed} reads them ("tag app text"). */
    private List<String> prefixed() {
        return lines.stream().map(l -> "old printer " + l).toList();
    }
}
