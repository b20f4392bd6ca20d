// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one owner of how text that velos does not control — what apps print, script paths and
 * arguments, the daemon's messages quoting them — reaches a terminal (issue 14.6). A terminal
 * interprets control characters: {@code ESC [2J} clears the screen, {@code ESC ]0;…} sets the
 * title, {@code ESC ]52;…} writes the clipboard, a bare {@code \r} moves the cursor back over the
 * {@code [ERROR|out|…]} prefix, and a C1 byte such as U+009B is a one-character CSI for terminals
 * that honour 8-bit controls. So on a terminal every such character is shown escaped, never
 * interpreted:
 * <ul>
 * <li>C0 controls (U+0000–U+001F) except tab: {@code \r}, {@code \n}, else {@code \xNN} (e.g. {@code \x1b});</li>
 * <li>DEL: {@code \x7f};</li>
 * <li>C1 controls (U+0080–U+009F): {@code \u009b};</li>
 * <li>the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): {@code \u202e},
 * because they reorder what follows on the line and can make a log line or a path read as
 * something it is not ("Trojan Source"). The marks U+200E/U+200F reorder nothing on their own
 * and stay.</li>
 * </ul>
 * A backslash is left as it is: escaping it would garble every Windows path and regex in a log to
 * make an escape unambiguous, and an app that prints a literal {@code \x1b} cannot do anything
 * with it. Not on a terminal (a pipe, a file) text passes unchanged, so {@code grep} and log
 * shippers get the bytes the app wrote. {@code --json} escapes C0 by itself and {@link Json}
 * escapes the rest of {@link #isControl} as {@code \}{@code uXXXX}, which decodes to the same text.
 * The dashboard ({@code tui.Canvas}) escapes every text it draws with it too. Public for that
 * package only: the module exports nothing.
 */
public final class TerminalText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TerminalText() {
    }

    /** Whether the terminal would act on {@code cp} instead of showing it (tab is a plain column move and stays). */
    public static boolean isControl(int cp) {
        return cp < 0x20 && cp != '\t' || cp >= 0x7f && cp <= 0x9f || cp >= 0x202a && cp <= 0x202e
                || cp >= 0x2066 && cp <= 0x2069;
    }

    /** {@code text} with every {@link #isControl control character} written out as an escape. */
    public static String escape(String text) {
        return escape(text, false);
    }

    /**
     * {@link #escape(String)}, except that with {@code keepColour} the SGR sequences
     * ({@code ESC [ <digits ; :> m}: colours and bold, nothing else) pass through, so an app's own
     * colours show when the user asks for them ({@code velos logs --raw-color}); a cursor move, a
     * title or a clipboard write is still escaped.
     */
    static String escape(String text, boolean keepColour) {
        int first = firstControl(text);
        if (first < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int sgrEnd = keepColour && cp == 0x1b ? sgrEnd(text, i) : -1;
            if (sgrEnd > 0) {
                sb.append(text, i, sgrEnd);
                i = sgrEnd;
                continue;
            }
            if (isControl(cp)) {
                appendEscape(sb, cp);
            } else {
                sb.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) { // every control is in the BMP: no surrogate pair to decode
                return i;
            }
        }
        return -1;
    }

    /** The end of an SGR sequence starting with the ESC at {@code start}, or -1 when it is not one. */
    private static int sgrEnd(String text, int start) {
        if (start + 1 >= text.length() || text.charAt(start + 1) != '[') {
            return -1;
        }
        for (int i = start + 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'm') {
                return i + 1;
            }
            if (!(c >= '0' && c <= '9' || c == ';' || c == ':')) {
                return -1;
            }
        }
        return -1;
    }

    private static void appendEscape(StringBuilder sb, int cp) {
        switch (cp) {
            case '\r' -> sb.append("\\r");
            case '\n' -> sb.append("\\n");
            default -> {
                if (cp <= 0x7f) {
                    sb.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
                } else {
                    sb.append("\\u").append(HEX[cp >> 12 & 0xf]).append(HEX[cp >> 8 & 0xf]).append(HEX[cp >> 4 & 0xf])
                            .append(HEX[cp & 0xf]);
                }
            }
        }
    }

    /**
     * Whether file descriptor {@code fd} (1 or 2) of this process is a terminal. On Linux the
     * descriptor's target in {@code /proc/self/fd} says so whatever stdin is: the JDK's
     * {@link Console#isTerminal()} is true only when stdin <em>and</em> stdout are terminals, so
     * {@code velos logs app < /dev/null} in a terminal would pass escapes through. Any device
     * under {@code /dev} but {@code /dev/null} counts (a pty, a tty, a serial console): escaping
     * into some other character device costs nothing, missing a terminal would. Without
     * {@code /proc} (macOS) the JDK's check decides.
     */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/") && !target.equals("/dev/null");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            Console console = System.console();
            return console != null && console.isTerminal();
        }
    }
}
