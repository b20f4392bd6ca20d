// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VelosClient} across a daemon hand-over (issue 20), with two real servers playing the old
 * daemon and its successor: the successor binds beside the socket and takes its path, then the old
 * one answers "handing over" or closes its connections. A read-only request, or one the old daemon
 * did not run, is answered by the successor without the caller noticing; a change that may have
 * been made is reported as such; a log follower resumes after the last line it got.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandOverClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final List<IpcServer> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(IpcServer::close);
    }

    private Path socket() {
        return dir.resolve("velos.sock");
    }

    private IpcServer serve(Path path, RequestHandler handler) {
        IpcServer server = IpcServer.start(path, handler);
        servers.add(server);
        return server;
    }

    /** The successor: binds beside the socket, then takes its path (as Daemon.takeOver does). */
    private void successorTakesOver(RequestHandler handler) {
        serve(dir.resolve("velos.sock.next"), handler).moveTo(socket());
    }

    private static RequestHandler answering(String who) {
        return (cmd, args) -> Map.of("by", who, "cmd", cmd);
    }

    @Test
    void aReadOnlyRequestTheOldDaemonDidNotAnswerIsAnsweredByTheSuccessor() {
        serve(socket(), (cmd, args) -> {
            successorTakesOver(answering("successor"));
            throw HandingOverException.mayHaveRun(cmd);
        });
        try (VelosClient client = VelosClient.connect(socket(), TIMEOUT)) {
            assertThat(Plain.get(client.call(Commands.LIST, Map.of()), "by")).isEqualTo("successor");
        }
    }

    @Test
    void aChangeTheOldDaemonRefusedUnrunIsSentToTheSuccessor() {
        serve(socket(), (cmd, args) -> {
            successorTakesOver(answering("successor"));
            throw HandingOverException.notRun(cmd);
        });
        try (VelosClient client = VelosClient.connect(socket(), TIMEOUT)) {
            assertThat(Plain.get(client.call(Commands.STOP, Map.of("target", "api")), "by")).isEqualTo("successor");
        }
    }

    @Test
    void aChangeThatMayHaveBeenMadeIsReportedNotRepeated() {
        AtomicInteger successorCalls = new AtomicInteger();
        serve(socket(), (cmd, args) -> {
            successorTakesOver((c, a) -> Map.of("n", successorCalls.incrementAndGet()));
            throw HandingOverException.mayHaveRun(cmd);
        });
        try (VelosClient client = VelosClient.connect(socket(), TIMEOUT)) {
            assertThatThrownBy(() -> client.call(Commands.STOP, Map.of("target", "api")))
                    .isInstanceOf(HandingOverException.class)
                    .hasMessageContaining("it may have been done in part");
        }
        assertThat(successorCalls).hasValue(0);
    }

    @Test
    void aConnectionThatClosesBeforeTheAnswerIsRetriedOnlyForAReadOnlyRequest() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        IpcServer[] old = new IpcServer[1];
        old[0] = serve(socket(), (cmd, args) -> {
            successorTakesOver(answering("successor"));
            // The old daemon exits after the hand-over: its connections close without an answer.
            Thread.ofVirtual().start(() -> old[0].closeLeavingSocketFile());
            try {
                answered.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("by", "old");
        });
        try (VelosClient client = VelosClient.connect(socket(), TIMEOUT)) {
            assertThat(Plain.get(client.call(Commands.INFO, Map.of("target", "api")), "by")).isEqualTo("successor");
        }
        servers.forEach(IpcServer::close);
        servers.clear();
        IpcServer[] second = new IpcServer[1];
        second[0] = serve(socket(), (cmd, args) -> {
            Thread.ofVirtual().start(() -> second[0].closeLeavingSocketFile());
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        });
        try (VelosClient client = VelosClient.connect(socket(), TIMEOUT)) {
            assertThatThrownBy(() -> client.call(Commands.RESTART, Map.of("target", "api")))
                    .isInstanceOf(DaemonUnavailableException.class)
                    .hasMessageContaining("before it answered 'restart'")
                    .hasMessageContaining("may or may not have been made");
        }
        answered.countDown();
    }

    @Test
    void aFollowerResumesOnTheSuccessorAfterTheLastLineItGot() throws Exception {
        List<WireTypes.LogsArgs> successorAsked = new CopyOnWriteArrayList<>();
        IpcServer[] old = new IpcServer[1];
        old[0] = serve(socket(), (cmd, args) -> (StreamingResponse) sink -> {
            sink.send(new WireTypes.LogEntry(1, "api", "out", 1_000, "one", false, "info", 1));
            sink.send(new WireTypes.LogEntry(1, "api", "out", 1_000, "two", false, "info", 2));
            sink.send(new WireTypes.LogEntry(1, "api", "err", 1_001, "oops", false, "warn", 1));
            successorTakesOver((c, a) -> {
                successorAsked.add(a.as(LogCodecs.LOGS_ARGS));
                return (StreamingResponse) s -> s.send(new WireTypes.LogEntry(1, "api", "out", 1_000, "three", false, "info", 3));
            });
            old[0].closeLeavingSocketFile();
        });
        List<String> got = new CopyOnWriteArrayList<>();
        try (VelosClient client = VelosClient.connect(socket(), TIMEOUT)) {
            client.follow("api", 15, "all", line -> {
                got.add(line.text());
                return got.size() < 4;
            });
        }
        assertThat(got).containsExactly("one", "two", "oops", "three");
        assertThat(successorAsked).singleElement().satisfies(args -> {
            assertThat(args.lines()).isZero();
            assertThat(args.resume().isResume()).isTrue();
            assertThat(args.resume().marks()).containsExactlyInAnyOrder(
                    new WireTypes.FollowMark("api", "out", 1_000, 2), new WireTypes.FollowMark("api", "err", 1_001, 1));
        });
    }
}
