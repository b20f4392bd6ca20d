// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A child's output outlives its reader (issue 20): with the supervisor's read end closed, as
 * when the daemon is killed, the child's writes raise no SIGPIPE and are kept in the pipe, and
 * a reader who reopens {@code /proc/<pid>/fd/1} gets every byte after the last one read.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(30)
class OutputOutlivesReaderTest {
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
    void aChildWritingAfterItsReaderIsGoneIsNotKilledBySigpipeAndANewReaderGetsEveryLineFromWhereTheOldOneStopped(
            @TempDir Path dir) throws Exception {
        // Gates, not sleeps: the child writes only once its reader is gone, and stays until the new
        // reader is open (a loaded machine must not let it finish, and its fd 1 vanish, in between).
        Path go = dir.resolve("go");
        Path written = dir.resolve("written");
        Path end = dir.resolve("end");
        SpawnedChild child = children.spawn("/bin/sh", "-c", "echo first; until [ -e " + go + " ]; do sleep 0.02; done; "
                + "i=0; while [ $i -lt 300 ]; do echo line $i; i=$((i+1)); done; : > " + written + "; "
                + "until [ -e " + end + " ]; do sleep 0.02; done");
        assertThat(children.readExactly(child.stdout(), 6)).isEqualTo("first\n");
        child.stdout().close(cs); // the reader dies (kill -9 of the daemon)
        Files.createFile(go);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(written));

        // The only way back to the pipe is through the child.
        try (Fd reopened = Fds.open(cs, "/proc/" + child.pid() + "/fd/1", Fds.O_RDONLY | Fds.O_CLOEXEC | Fds.O_NONBLOCK)) {
            Files.createFile(end);
            Wait.Result result = children.reap(child);
            assertThat(result.exited()).as("no SIGPIPE: %s", result).isTrue();
            assertThat(result.status()).isZero();
            String expected = IntStream.range(0, 300).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
            assertThat(children.readToEof(reopened)).isEqualTo(expected);
        }
    }

    @Test
    void theChildsStdoutIsItsOwnReaderSoItCountsAsOneOfThePipesReaders() throws Exception {
        SpawnedChild child = children.spawn("/bin/sleep", "5");
        String flags = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + child.pid() + "/fdinfo/1")).stream()
                .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
        int accessMode = Integer.parseInt(flags.substring("flags:".length()).trim(), 8) & 3;
        assertThat(accessMode).isEqualTo(Fds.O_RDWR);
    }
}
