// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.velos.sys.linux.ProcFs;
import dev.velos.sys.linux.ProcStat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ProcessLauncher} against real children, checked from the outside through {@code /proc}:
 * the fd table, session, signal state, environment and error reporting NATIVE-NOTES §1 specifies.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(30)
class ProcessLauncherTest {
    /** Bits of signals 1..31 in a /proc SigIgn/SigBlk mask; glibc keeps its internal 32 and 33 ignored. */
    private static final long STANDARD_SIGNALS = (1L << 31) - 1;

    private Arena arena;
    private CallState cs;
    private Children children;

    @BeforeEach
    void open() {
        arena = Arena.ofConfined();
        cs = CallState.allocate(arena);
        children = new Children(cs);
    }

    @AfterEach
    void closeAll() {
        try {
            children.close();
        } finally {
            arena.close();
        }
    }

    @Test
    void childHoldsExactlyStdinStdoutAndStderr() {
        SpawnedChild child = children.spawn("/bin/sleep", "5");

        // /bin/sleep may hold its locale file open for a moment while it starts; a leaked fd would stay.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(ProcFs.openFds(child.pid())).containsExactly(0, 1, 2));

        assertThat(Pidfd.sendSignal(cs, child.pidfd(), Signals.SIGKILL, 0)).isTrue();
        Wait.Result result = children.reap(child);
        assertThat(result.pid()).isEqualTo(child.pid());
        assertThat(result.killed()).isTrue();
    }

    @Test
    void stdinIsDevNullAndStdoutAndStderrAreTheTwoPipesTheParentReads() throws IOException {
        SpawnedChild child = children.spawn("/bin/sleep", "5");

        assertThat(link(child.pid(), 0)).isEqualTo("/dev/null");
        String out = link(child.pid(), 1);
        String err = link(child.pid(), 2);
        assertThat(out).startsWith("pipe:").isEqualTo(link(Children.self(), child.stdout().value()));
        assertThat(err).startsWith("pipe:").isEqualTo(link(Children.self(), child.stderr().value()));
        assertThat(out).isNotEqualTo(err);
    }

    @Test
    void parentReadEndsAreNonBlockingAndCloseOnExecWhileTheChildsWriteEndsStayBlocking() throws IOException {
        SpawnedChild child = children.spawn("/bin/sleep", "5");

        for (Fd readEnd : List.of(child.stdout(), child.stderr(), child.pidfd())) {
            assertThat(Fds.fcntl(cs, readEnd.value(), Fds.F_GETFD, 0) & Fds.FD_CLOEXEC).as("FD_CLOEXEC of %s", readEnd)
                    .isEqualTo(Fds.FD_CLOEXEC);
        }
        for (Fd readEnd : List.of(child.stdout(), child.stderr())) {
            assertThat(Fds.fcntl(cs, readEnd.value(), Fds.F_GETFL, 0) & Fds.O_NONBLOCK).as("O_NONBLOCK of %s", readEnd)
                    .isEqualTo(Fds.O_NONBLOCK);
        }
        // O_NONBLOCK belongs to the open file description: a flag set on the pipe itself would reach the child too.
        assertThat(fdInfoFlags(child.pid(), 1) & Fds.O_NONBLOCK).isZero();
        assertThat(fdInfoFlags(child.pid(), 2) & Fds.O_NONBLOCK).isZero();
    }

    @Test
    void stdoutAndStderrArriveSeparately() {
        SpawnedChild child = children.spawn("/bin/sh", "-c", "echo out; echo err >&2; exit 3");

        assertThat(children.readToEof(child.stdout())).isEqualTo("out\n");
        assertThat(children.readToEof(child.stderr())).isEqualTo("err\n");
        assertThat(children.reap(child)).isEqualTo(new Wait.Result(child.pid(), Wait.CLD_EXITED, 3));
    }

    @Test
    void requestedExtraFdAppearsAtItsTargetAndNothingElseIsInherited() throws IOException {
        try (Sockets.Pair pair = Sockets.socketpair(cs, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC)) {
            SpawnedChild child = children.spawn(new SpawnRequest("/bin/sleep", List.of("/bin/sleep", "5"), Children.ENV, "/",
                    Map.of(3, pair.second())));

            // /bin/sleep may hold its locale file open for a moment while it starts; a leaked fd would stay.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(ProcFs.openFds(child.pid())).containsExactly(0, 1, 2, 3));
            assertThat(link(child.pid(), 3)).isEqualTo(link(Children.self(), pair.second().value())).startsWith("socket:");
            assertThat(pair.second().isOpen()).as("the parent keeps ownership of its end").isTrue();
        }
    }

    @Test
    void twoExtraFdsAtThreeAndFourAreTheOnlyFdsBeyondStdio() throws IOException {
        try (Sockets.Pair a = Sockets.socketpair(cs, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC);
             Sockets.Pair b = Sockets.socketpair(cs, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC)) {
            SpawnedChild child = children.spawn(new SpawnRequest("/bin/sleep", List.of("/bin/sleep", "5"), Children.ENV, "/",
                    Map.of(4, b.second(), 3, a.second())));

            // /bin/sleep may hold its locale file open for a moment while it starts; a leaked fd would stay.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(ProcFs.openFds(child.pid())).containsExactly(0, 1, 2, 3, 4));
            assertThat(link(child.pid(), 3)).isEqualTo(link(Children.self(), a.second().value()));
            assertThat(link(child.pid(), 4)).isEqualTo(link(Children.self(), b.second().value()));
        }
    }

    /**
     * Only fds from the highest target up are closed in the child, so a gap below it would hand
     * the child whatever the JVM has open there (lib/modules, the surefire jar: seen before the
     * request refused gaps).
     */
    @Test
    void extraFdTargetsWithAGapAreRefused() {
        try (Sockets.Pair pair = Sockets.socketpair(cs, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC)) {
            assertThatThrownBy(() -> new SpawnRequest("/bin/sleep", List.of("/bin/sleep", "5"), Children.ENV, "/",
                    Map.of(5, pair.second()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gaps");
            assertThatThrownBy(() -> new SpawnRequest("/bin/sleep", List.of("/bin/sleep", "5"), Children.ENV, "/",
                    Map.of(2, pair.second()))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void socketPairOnFd3CarriesTrafficBothWays() {
        try (Sockets.Pair pair = Sockets.socketpair(cs, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC)) {
            SpawnedChild child = children.spawn(new SpawnRequest("/bin/sh",
                    List.of("/bin/sh", "-c", "echo ping >&3; read x <&3; echo \"$x\""), Children.ENV, "/",
                    Map.of(3, pair.second())));
            pair.second().close(cs);
            Fds.setNonBlocking(cs, pair.first().value());

            assertThat(children.readExactly(pair.first(), 5)).isEqualTo("ping\n");
            children.writeFully(pair.first(), "pong\n");

            assertThat(children.readToEof(child.stdout())).isEqualTo("pong\n");
            assertThat(children.reap(child)).isEqualTo(new Wait.Result(child.pid(), Wait.CLD_EXITED, 0));
        }
    }

    @Test
    void childLeadsItsOwnSessionAndProcessGroup() {
        SpawnedChild child = children.spawn("/bin/sleep", "5");

        ProcStat stat = ProcFs.stat(child.pid()).orElseThrow();
        assertThat(stat.pgrp()).isEqualTo(child.pid());
        assertThat(stat.session()).isEqualTo(child.pid());
        assertThat(stat.ppid()).isEqualTo(Children.self());
        assertThat(ProcFs.stat(Children.self()).orElseThrow().session()).isNotEqualTo(child.pid());
    }

    @Test
    void childStartsWithNoBlockedSignalsAndNoIgnoredStandardSignals() throws IOException {
        SpawnedChild child = children.spawn("/bin/sleep", "5");

        long blocked = statusMask(child.pid(), "SigBlk");
        long ignored = statusMask(child.pid(), "SigIgn");
        assertThat(blocked).as("SigBlk %x (Java threads block SIGQUIT)", blocked).isZero();
        assertThat(ignored & bit(Signals.SIGHUP)).as("SIGHUP ignored, SigIgn %x", ignored).isZero();
        assertThat(ignored & bit(Signals.SIGQUIT)).as("SIGQUIT ignored, SigIgn %x", ignored).isZero();
        assertThat(ignored & STANDARD_SIGNALS).as("SigIgn %x", ignored).isZero();
    }

    @Test
    void childSeesExactlyTheGivenEnvironment() {
        List<String> env = List.of("FOO=bar baz", "PATH=/usr/bin:/bin");
        SpawnedChild child = children.spawn(new SpawnRequest("/usr/bin/env", List.of("env"), env, "/"));

        assertThat(children.readToEof(child.stdout()).lines()).containsExactlyElementsOf(env);
        assertThat(children.reap(child).exited()).isTrue();
    }

    @Test
    void childStartsInTheGivenWorkingDirectory(@TempDir Path dir) throws IOException {
        SpawnedChild child = children.spawn(new SpawnRequest("/bin/pwd", List.of("pwd", "-P"), Children.ENV, dir.toString()));

        assertThat(children.readToEof(child.stdout())).isEqualTo(dir.toRealPath() + "\n");
        assertThat(children.reap(child).exited()).isTrue();
    }

    @Test
    void missingProgramFailsWithEnoentAndLeavesNoFd() {
        assertSpawnFails("/nonexistent/prog", Errno.ENOENT);
    }

    @Test
    void fileWithoutExecuteBitFailsWithEacces(@TempDir Path dir) throws IOException {
        Path script = file(dir, "plain", "#!/bin/sh\necho hi\n", "rw-r--r--");
        assertSpawnFails(script.toString(), Errno.EACCES);
    }

    @Test
    void directoryFailsWithEacces(@TempDir Path dir) {
        assertSpawnFails(dir.toString(), Errno.EACCES);
    }

    @Test
    void executableTextWithoutShebangFailsWithEnoexec(@TempDir Path dir) throws IOException {
        Path script = file(dir, "noshebang", "echo hi\n", "rwxr-xr-x");
        assertSpawnFails(script.toString(), Errno.ENOEXEC);
    }

    @Test
    void exitCodeIsReportedByWaitidOnThePidfd() {
        SpawnedChild child = children.spawn("/bin/sh", "-c", "exit 42");

        Wait.Result result = children.reap(child);
        assertThat(result).isEqualTo(new Wait.Result(child.pid(), Wait.CLD_EXITED, 42));
        assertThat(result.exited()).isTrue();
        assertThat(result.killed()).isFalse();
    }

    @Test
    void deathBySignalIsReportedByWaitidOnThePidfd() {
        SpawnedChild child = children.spawn("/bin/sleep", "5");

        assertThat(Pidfd.sendSignal(cs, child.pidfd(), Signals.SIGKILL, 0)).isTrue();
        Wait.Result result = children.reap(child);
        assertThat(result).isEqualTo(new Wait.Result(child.pid(), Wait.CLD_KILLED, Signals.SIGKILL));
        assertThat(result.killed()).isTrue();
        assertThat(result.exited()).isFalse();
    }

    @Test
    void killOfTheNegativePidSignalsTheChildsWholeGroup() {
        SpawnedChild child = children.spawn("/bin/sleep", "5");

        assertThat(Signals.kill(cs, -child.pid(), Signals.SIGTERM)).isTrue();
        assertThat(children.reap(child)).isEqualTo(new Wait.Result(child.pid(), Wait.CLD_KILLED, Signals.SIGTERM));
    }

    @Test
    @Timeout(60)
    void twoHundredSpawnAndReapCyclesLeakNoFdAndNoZombie() throws IOException {
        spawnAndReapTrue(); // links every handle and loads every class before counting
        List<Integer> before = Children.ownFds();

        for (int i = 0; i < 200; i++) {
            spawnAndReapTrue();
        }

        List<Integer> after = Children.ownFds();
        assertThat(after).as("fds of this JVM before %s, after %s", before, describeFds(after)).hasSameSizeAs(before);
        assertThat(ProcFs.allProcesses()).filteredOn(s -> s.ppid() == Children.self() && s.isZombie()).isEmpty();
    }

    private void spawnAndReapTrue() {
        SpawnedChild child = children.spawn("/bin/true");
        assertThat(children.reap(child).exited()).isTrue();
        child.stdout().close(cs);
        child.stderr().close(cs);
    }

    private void assertSpawnFails(String program, Errno expected) {
        SpawnRequest request = new SpawnRequest(program, List.of(program), Children.ENV, "/");
        assertThatThrownBy(() -> children.spawn(request)).isInstanceOf(ErrnoException.class); // warm-up
        int fdsBefore = Children.ownFds().size();

        assertThatThrownBy(() -> children.spawn(request)).isInstanceOfSatisfying(ErrnoException.class, e -> {
            assertThat(e.errno()).isEqualTo(expected);
            assertThat(e.syscall()).isEqualTo("posix_spawn");
            assertThat(e.getMessage()).contains(program);
        });
        assertThat(Children.ownFds()).as("fds after a failed spawn").hasSize(fdsBefore);
    }

    private static Path file(Path dir, String name, String content, String permissions) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static String link(int pid, int fd) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "fd", Integer.toString(fd))).toString();
    }

    /** The {@code flags:} line of {@code /proc/<pid>/fdinfo/<fd>}, octal. */
    private static int fdInfoFlags(int pid, int fd) throws IOException {
        return Files.readAllLines(Path.of("/proc", Integer.toString(pid), "fdinfo", Integer.toString(fd))).stream()
                .filter(l -> l.startsWith("flags:")).map(l -> Integer.parseInt(l.substring(6).trim(), 8))
                .findFirst().orElseThrow();
    }

    /** A hex signal mask line ({@code SigBlk}, {@code SigIgn}...) of {@code /proc/<pid>/status}. */
    private static long statusMask(int pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status")).stream()
                .filter(l -> l.startsWith(field + ":"))
                .map(l -> Long.parseUnsignedLong(l.substring(field.length() + 1).trim(), 16))
                .findFirst().orElseThrow();
    }

    private static long bit(int signal) {
        return 1L << (signal - 1);
    }

    private static String describeFds(List<Integer> fds) {
        return fds.stream().map(fd -> {
            try {
                return fd + "->" + link(Children.self(), fd);
            } catch (IOException e) {
                return fd + "->?";
            }
        }).collect(Collectors.joining(", "));
    }
}
