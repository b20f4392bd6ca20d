// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.function.IntSupplier;

/**
 * Turns the bytes a terminal in raw mode sends into {@link Key}s: ESC alone is Escape, ESC [ A
 * (or ESC O A) the arrows, ESC [ 5 ~ / 6 ~ the page keys. {@code next} returns the next
 * character, or a negative number when none arrives soon (which ends a lone Escape).
 */
final class KeyDecoder {
    private static final int ESC = 27;

    private KeyDecoder() {
    }

    /** Decodes the key that starts with {@code first}, reading the rest of an escape sequence from {@code next}. */
    static Key decode(int first, IntSupplier next) {
        return switch (first) {
            case 3 -> Key.of(Key.Type.CTRL_C);
            case 9 -> Key.of(Key.Type.TAB);
            case 10, 13 -> Key.of(Key.Type.ENTER);
            case 8, 127 -> Key.of(Key.Type.BACKSPACE);
            case ESC -> escape(next);
            default -> first >= 32 ? Key.ch((char) first) : Key.of(Key.Type.OTHER);
        };
    }

    private static Key escape(IntSupplier next) {
        int second = next.getAsInt();
        if (second != '[' && second != 'O') {
            return Key.of(Key.Type.ESC);
        }
        int code = next.getAsInt();
        return switch (code) {
            case 'A' -> Key.of(Key.Type.UP);
            case 'B' -> Key.of(Key.Type.DOWN);
            case 'Z' -> Key.of(Key.Type.TAB); // Shift-Tab cycles the sort too
            case '5', '6' -> {
                int tilde = next.getAsInt();
                yield tilde == '~' ? Key.of(code == '5' ? Key.Type.PAGE_UP : Key.Type.PAGE_DOWN) : Key.of(Key.Type.OTHER);
            }
            default -> Key.of(Key.Type.OTHER);
        };
    }
}
