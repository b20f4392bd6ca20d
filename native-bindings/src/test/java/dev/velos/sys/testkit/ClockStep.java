// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * For tests of code that must notice the wall clock being set: steps CLOCK_REALTIME forward by
 * one nanosecond with {@code clock_adjtime(ADJ_SETOFFSET)}, through a C helper built with gcc.
 * Nobody sharing the machine can notice a nanosecond, but it is a real change of the clock,
 * which is what the kernel reacts to (timerfds armed with TFD_TIMER_CANCEL_ON_SET are
 * cancelled); an offset of zero is not one and cancels nothing. Needs CAP_SYS_TIME (root);
 * {@link #build} skips the calling test where it cannot run. Shared with other modules' tests
 * through this module's test jar.
 */
public final class ClockStep {
    private static final int CAP_SYS_TIME = 25;
    private final Path binary;

    private ClockStep(Path binary) {
        this.binary = binary;
    }

    /** Builds the helper in {@code dir}; skips the test (JUnit assumption) without CAP_SYS_TIME or gcc. */
    public static ClockStep build(Path dir) throws IOException, InterruptedException {
        assumeTrue(hasCapSysTime(), "no CAP_SYS_TIME: the wall clock cannot be set from this test");
        Path gcc = Path.of("/usr/bin/gcc");
        assumeTrue(Files.isExecutable(gcc), "gcc is needed to build the clock-stepping helper");
        Path source = dir.resolve("step-clock.c");
        Files.writeString(source, """
                #define _GNU_SOURCE
                #include <stdio.h>
                #include <sys/timex.h>
                #include <time.h>
                int main(void) {
                    struct timex tx = {0};
                    tx.modes = ADJ_SETOFFSET | ADJ_NANO;
                    tx.time.tv_sec = 0;
                    tx.time.tv_usec = 1; /* nanoseconds, with ADJ_NANO */
                    if (clock_adjtime(CLOCK_REALTIME, &tx) < 0) { perror("clock_adjtime"); return 1; }
                    return 0;
                }
                """);
        Path binary = dir.resolve("step-clock");
        run(gcc.toString(), "-o", binary.toString(), source.toString());
        return new ClockStep(binary);
    }

    /** Steps the wall clock forward by one nanosecond. */
    public void step() throws IOException, InterruptedException {
        run(binary.toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", command[0], output).isZero();
    }

    private static boolean hasCapSysTime() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << CAP_SYS_TIME)) != 0;
            }
        }
        return false;
    }
}
