// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A table with rounded box-drawing borders (REFERENCE §8.5). Widths come from the plain text;
 * colour is applied after padding, so escape codes never shift a column.
 */
final class Table {
    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    Table(List<String> headers, boolean... rightAligned) {
        this.headers = List.copyOf(headers);
        this.rightAligned = new boolean[headers.size()];
        System.arraycopy(rightAligned, 0, this.rightAligned, 0, Math.min(rightAligned.length, headers.size()));
    }

    Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(cells.clone());
        return this;
    }

    /** Colours one padded body cell of {@code row}. */
    @FunctionalInterface
    interface Painter {
        String paint(int column, String[] row, String padded);
    }

    /** Renders the table; {@code header} colours each padded header cell, {@code body} each body cell. */
    String render(UnaryOperator<String> header, Painter body) {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            for (String[] row : rows) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        border(sb, width, '╭', '┬', '╮');
        sb.append('│');
        for (int c = 0; c < width.length; c++) {
            sb.append(' ').append(header.apply(pad(headers.get(c), width[c], false))).append(" │");
        }
        sb.append('\n');
        border(sb, width, '├', '┼', '┤');
        for (String[] row : rows) {
            sb.append('│');
            for (int c = 0; c < width.length; c++) {
                String cell = pad(row[c], width[c], rightAligned[c]);
                sb.append(' ').append(body.paint(c, row, cell)).append(" │");
            }
            sb.append('\n');
        }
        border(sb, width, '╰', '┴', '╯');
        return sb.toString();
    }

    /** Plain rendering, no colour. */
    String render() {
        return render(s -> s, (c, row, padded) -> padded);
    }

    private static void border(StringBuilder sb, int[] width, char left, char mid, char right) {
        sb.append(left);
        for (int c = 0; c < width.length; c++) {
            sb.append("─".repeat(width[c] + 2)).append(c == width.length - 1 ? right : mid);
        }
        sb.append('\n');
    }

    /** {@code s} filled with spaces to {@code width}, on the left when {@code right}-aligned. */
    static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
