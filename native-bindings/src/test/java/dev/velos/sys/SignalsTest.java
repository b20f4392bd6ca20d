// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;

/** The glibc {@code sigset_t} sets built for spawn attributes, and the alarm handler of a signal the JVM keeps. */
class SignalsTest {

    /**
     * SIGQUIT, which the JVM keeps for thread dumps, made to set a 3 s alarm: after the signal the
     * alarm is pending (cancelled here before it rings, which would end this JVM).
     */
    @Test
    void aSignalHandledByAlarmSetsAnAlarmOfItsNumberInSeconds() throws Exception {
        try (CallState cs = CallState.open()) {
            assertThat(Signals.alarm(0)).as("no alarm pending before").isZero();
            Signals.alarmOn(cs, Signals.SIGQUIT);
            Signals.kill(cs, (int) ProcessHandle.current().pid(), Signals.SIGQUIT);
            int left = 0;
            for (int i = 0; i < 100 && left == 0; i++) {
                Thread.sleep(10);
                left = Signals.alarm(0);
            }
            assertThat(left).as("seconds left of the alarm SIGQUIT set").isBetween(1, Signals.SIGQUIT);
        }
    }

    @Test
    void emptySetIsAllZeroAndFullSetHasEveryStandardSignal() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment empty = Signals.emptySet(arena);
            MemorySegment full = Signals.fullSet(arena);

            assertThat(empty.byteSize()).isEqualTo(Signals.SIGSET_SIZE);
            assertThat(empty.toArray(JAVA_BYTE)).containsOnly((byte) 0);
            // Bit n-1 stands for signal n; signals 1..31 are all in the full set.
            assertThat(full.get(JAVA_INT, 0)).isEqualTo(0x7FFF_FFFF);
        }
    }
}
