// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

/** One key press as the dashboard sees it: a printable character, or a named key. */
record Key(Type type, char ch) {
    enum Type { CHAR, UP, DOWN, PAGE_UP, PAGE_DOWN, ENTER, ESC, TAB, BACKSPACE, CTRL_C, OTHER }

    static Key of(Type type) {
        return new Key(type, '\0');
    }

    static Key ch(char c) {
        return new Key(Type.CHAR, c);
    }

    boolean is(char c) {
        return type == Type.CHAR && ch == c;
    }
}
