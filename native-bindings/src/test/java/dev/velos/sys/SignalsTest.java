// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;

/** The glibc {@code sigset_t} sets built for spawn attributes. */
class SignalsTest {

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
