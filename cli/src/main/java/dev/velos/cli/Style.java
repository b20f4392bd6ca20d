// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

/**
 * How one output stream shows text: ANSI colours, or plain text when colour is off (not a
 * terminal, or {@code NO_COLOR}); and, when it is a terminal ({@code terminal}), text that velos
 * does not control escaped by {@link TerminalText} — even with {@code NO_COLOR}, since escapes
 * are a hazard, not a colour — except the text's own colours when {@code appColours} (the user
 * asked for them: {@code velos logs --raw-color}).
 */
record Style(boolean enabled, boolean terminal, boolean appColours) {
    static final Style PLAIN = new Style(false, false, false);

    private static final String RESET = "\u001b[0m";

    /** This style, letting the SGR sequences of untrusted text through on a terminal. */
    Style withAppColours() {
        return new Style(enabled, terminal, true);
    }

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

    /** REFERENCE §8.5: running green, errored red, stopped yellow, starting cyan; waiting (issue 19) cyan too. */
    String status(String statusStr, String text) {
        return switch (statusStr) {
            case "running" -> green(text);
            case "errored" -> red(text);
            case "stopped" -> yellow(text);
            case "starting" -> cyan(text);
            case "waiting" -> cyan(text);
            default -> text;
        };
    }

    /**
     * Text an app, a user or the daemon wrote (a log line, a script path, an error message) as it
     * may be shown here: escaped on a terminal, as it is elsewhere.
     */
    String untrusted(String text) {
        return terminal && text != null ? TerminalText.escape(text, appColours) : text;
    }

    private String wrap(String code, String s) {
        return enabled ? code + s + RESET : s;
    }
}
