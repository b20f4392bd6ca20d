// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.velos.cli.TerminalText;

/**
 * A width × height grid of cells, each one character and its style (an ANSI SGR sequence or
 * ""). Drawing clips at the edges, so a small terminal never wraps; popups are drawn over what is
 * there. {@link #ansiLines()} is what the terminal gets, {@link #plainLines()} what tests read.
 * Every character drawn here is one column wide (the dashboard's box and block characters are).
 */
final class Canvas {
    private final int width;
    private final int height;
    private final String[][] chars;
    private final String[][] styles;

    Canvas(int width, int height) {
        this.width = Math.max(0, width);
        this.height = Math.max(0, height);
        this.chars = new String[this.height][this.width];
        this.styles = new String[this.height][this.width];
        for (int r = 0; r < this.height; r++) {
            Arrays.fill(chars[r], " ");
            Arrays.fill(styles[r], "");
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Writes {@code text} from ({@code row}, {@code col}) on, clipped at the right edge; returns the column after it. */
    int put(int row, int col, String text, String style) {
        int c = col;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (TerminalText.isControl(cp)) {
                cp = ' '; // only text that did not go through fit() gets here: it must not move the cursor either
            }
            if (row >= 0 && row < height && c >= 0 && c < width) {
                chars[row][c] = new String(Character.toChars(cp));
                styles[row][c] = style;
            }
            c++;
        }
        return c;
    }

    /**
     * {@code text} with its control characters escaped ({@link TerminalText}: an app's
     * {@code ESC [2J} shows as {@code \x1b[2J}), cut or padded to exactly {@code cells} columns.
     */
    static String fit(String untrusted, int cells) {
        if (cells <= 0) {
            return "";
        }
        String text = TerminalText.escape(untrusted);
        int count = text.codePointCount(0, text.length());
        if (count > cells) {
            int end = text.offsetByCodePoints(0, cells - 1);
            return text.substring(0, end) + "…";
        }
        return text + " ".repeat(cells - count);
    }

    /** Fills a rectangle with spaces in {@code style} (a popup's background). */
    void clear(int row, int col, int rows, int cols, String style) {
        for (int r = row; r < row + rows; r++) {
            put(r, col, " ".repeat(Math.max(0, cols)), style);
        }
    }

    /** A single-line box with {@code title} in its top border. */
    void box(int row, int col, int rows, int cols, String title, String borderStyle, String titleStyle) {
        if (rows < 2 || cols < 2) {
            return;
        }
        put(row, col, "┌" + "─".repeat(cols - 2) + "┐", borderStyle);
        for (int r = row + 1; r < row + rows - 1; r++) {
            put(r, col, "│", borderStyle);
            put(r, col + cols - 1, "│", borderStyle);
        }
        put(row + rows - 1, col, "└" + "─".repeat(cols - 2) + "┘", borderStyle);
        if (!title.isEmpty() && cols > 4) {
            put(row, col + 2, fit(title, Math.min(title.length(), cols - 4)), titleStyle);
        }
    }

    /** The rows as plain text, trailing spaces kept (each exactly {@link #width()} columns). */
    List<String> plainLines() {
        List<String> lines = new ArrayList<>(height);
        for (int r = 0; r < height; r++) {
            lines.add(String.join("", chars[r]));
        }
        return lines;
    }

    /** The rows with an SGR sequence wherever the style changes, and a reset at each row's end. */
    List<String> ansiLines() {
        List<String> lines = new ArrayList<>(height);
        for (int r = 0; r < height; r++) {
            StringBuilder sb = new StringBuilder();
            String current = "";
            for (int c = 0; c < width; c++) {
                if (!styles[r][c].equals(current)) {
                    sb.append(Palette.RESET).append(styles[r][c]);
                    current = styles[r][c];
                }
                sb.append(chars[r][c]);
            }
            lines.add(sb.append(Palette.RESET).toString());
        }
        return lines;
    }
}
