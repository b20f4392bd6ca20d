// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyDecoderTest {
    /** Decodes the first key of {@code bytes}; a missing byte reads as "nothing came" (-2). */
    private static Key decode(int... bytes) {
        Deque<Integer> rest = new ArrayDeque<>();
        for (int i = 1; i < bytes.length; i++) {
            rest.add(bytes[i]);
        }
        return KeyDecoder.decode(bytes[0], () -> rest.isEmpty() ? -2 : rest.poll());
    }

    @Test
    void arrowsInBothCursorModesAndThePageKeys() {
        assertThat(decode(27, '[', 'A')).isEqualTo(Key.of(Key.Type.UP));
        assertThat(decode(27, 'O', 'B')).isEqualTo(Key.of(Key.Type.DOWN));
        assertThat(decode(27, '[', '5', '~')).isEqualTo(Key.of(Key.Type.PAGE_UP));
        assertThat(decode(27, '[', '6', '~')).isEqualTo(Key.of(Key.Type.PAGE_DOWN));
    }

    @Test
    void aLoneEscapeIsTheEscapeKey() {
        assertThat(decode(27)).isEqualTo(Key.of(Key.Type.ESC));
    }

    @Test
    void controlCharactersAndPrintables() {
        assertThat(List.of(decode(3), decode(9), decode(13), decode(127), decode('j'), decode('K'))).containsExactly(
                Key.of(Key.Type.CTRL_C), Key.of(Key.Type.TAB), Key.of(Key.Type.ENTER), Key.of(Key.Type.BACKSPACE),
                Key.ch('j'), Key.ch('K'));
    }
}
