// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop's token → handler table: slots are reused, tokens never, and a stale token finds nothing. */
class HandlerTableTest {
    private final HandlerTable table = new HandlerTable();

    @Test
    void aFreedSlotTakenAgainGetsANewTokenAndTheOldOneFindsNothing() {
        EventLoop.FdHandler first = events -> { };
        EventLoop.FdHandler second = events -> { };
        long old = table.add(first);
        assertThat(table.remove(old)).isTrue();

        long fresh = table.add(second);

        assertThat((int) fresh).as("same slot").isEqualTo((int) old);
        assertThat(fresh).isNotEqualTo(old);
        assertThat(table.get(old)).isNull();
        assertThat(table.get(fresh)).isSameAs(second);
        assertThat(table.remove(old)).isFalse();
        assertThat(table.get(fresh)).isSameAs(second);
    }

    @Test
    void tokensAreNeverZeroNeverRepeatedAndTheTableGrows() {
        Set<Long> tokens = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            Set<Long> live = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                long token = table.add(events -> { });
                assertThat(token).isNotZero();
                assertThat(tokens.add(token)).isTrue();
                live.add(token);
            }
            live.forEach(t -> assertThat(table.remove(t)).isTrue());
        }
        assertThat(table.get(0)).isNull();
        assertThat(table.get(-1)).isNull();
        assertThat(table.get(Long.MAX_VALUE)).isNull();
    }
}
