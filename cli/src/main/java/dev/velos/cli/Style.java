// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

/** ANSI colours, or plain text when colour is off (not a terminal, or {@code NO_COLOR}). */
record Style(boolean enabled) {
    static final Style PLAIN = new Style(false);

    private static final String RESET = "\u001b[0m";

    String green(String s) {
        return wrap("\u001b[32m", s);
    }

    String red(String s) {
        return wrap("\u001b[31m", s);
    }

    String yellow(String s) {
        return wrap("\u001b[33m", s);
    }

    String cyan(String s) {
        return wrap("\u001b[36m", s);
    }

    String boldWhite(String s) {
        return wrap("\u001b[1;37m", s);
    }

    /** REFERENCE §8.5: running green, errored red, stopped yellow, starting cyan. */
    String status(String statusStr, String text) {
        return switch (statusStr) {
            case "running" -> green(text);
            case "errored" -> red(text);
            case "stopped" -> yellow(text);
            case "starting" -> cyan(text);
            default -> text;
        };
    }

    private String wrap(String code, String s) {
        return enabled ? code + s + RESET : s;
    }
}
