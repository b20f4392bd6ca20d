// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing {@code /proc/<pid>/stat} lines, including command names that contain spaces and parentheses. */
class ProcStatTest {
    // After ')': state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
    //            priority nice num_threads itrealvalue starttime vsize rss ...
    private static final String TAIL = " S 1 123 123 0 -1 4194304 100 0 0 0 7 3 50 60 20 0 2 0 4567 1234567 300"
            + " 18446744073709551615";

    @Test
    void commandWithSpacesAndParenthesesIsSkippedUpToTheLastParenthesis() {
        ProcStat stat = ProcStat.parse("123 (b) x (y)" + TAIL + "\n").orElseThrow();

        assertThat(stat).isEqualTo(new ProcStat(123, 'S', 1, 123, 123, 10, 2, 4567));
        assertThat(stat.isZombie()).isFalse();
    }

    @Test
    void plainCommandParsesTheSameFields() {
        assertThat(ProcStat.parse("42 (sleep)" + TAIL.replace(" S ", " Z ")))
                .contains(new ProcStat(42, 'Z', 1, 123, 123, 10, 2, 4567))
                .hasValueSatisfying(s -> assertThat(s.isZombie()).isTrue());
    }

    @Test
    void childrensCpuTimeIsNotCounted() {
        assertThat(ProcStat.parse("7 (x)" + TAIL).orElseThrow().cpuTicks()).as("utime 7 + stime 3, not cutime/cstime")
                .isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "123", "123 (x)", "123 (x) S 1 2 3", "(x)" + TAIL, "abc (x)" + TAIL,
        "123 (x) S one 123 123 0 -1 4194304 100 0 0 0 7 3 50 60 20 0 2 0 4567"})
    void malformedLinesGiveEmpty(String line) {
        assertThat(ProcStat.parse(line)).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void ownStatLineParsesToThisProcess() throws IOException {
        long pid = ProcessHandle.current().pid();

        ProcStat stat = ProcStat.parse(Files.readString(Path.of("/proc/self/stat"))).orElseThrow();

        assertThat(stat.pid()).isEqualTo(pid);
        assertThat(stat.state()).isIn('R', 'S'); // the main thread of a JVM launcher waits for the Java main thread
        assertThat(stat.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(stat.threads()).isGreaterThan(1);
    }
}
