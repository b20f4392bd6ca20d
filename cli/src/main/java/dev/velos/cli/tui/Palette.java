// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

/**
 * The dashboard's colours, Catppuccin Mocha (REFERENCE §12) as 24-bit SGR sequences. With colour
 * off ({@code NO_COLOR}) every style is "" except bold and reverse, which carry no colour.
 */
record Palette(String text, String dim, String green, String red, String yellow, String mauve, String blue,
                      String border, String title, String selected, String popup, String bold) {
    static final String RESET = "\u001b[0m";

    static Palette of(boolean colour) {
        if (!colour) {
            return new Palette("", "", "", "", "", "", "", "", "\u001b[1m", "\u001b[7m", "", "\u001b[1m");
        }
        return new Palette(fg(0xcdd6f4), fg(0x6c7086), fg(0xa6e3a1), fg(0xf38ba8), fg(0xf9e2af), fg(0xcba6f7),
                fg(0x89b4fa), fg(0x585b70), "\u001b[1m" + fg(0x89b4fa), fg(0xcdd6f4) + bg(0x45475a) + "\u001b[1m",
                fg(0xcdd6f4) + bg(0x313244), "\u001b[1m" + fg(0xcdd6f4));
    }

    private static String fg(int rgb) {
        return "\u001b[38;2;" + (rgb >> 16 & 0xff) + ";" + (rgb >> 8 & 0xff) + ";" + (rgb & 0xff) + "m";
    }

    private static String bg(int rgb) {
        return "\u001b[48;2;" + (rgb >> 16 & 0xff) + ";" + (rgb >> 8 & 0xff) + ";" + (rgb & 0xff) + "m";
    }

    /** The colour of a status word: running green, errored red, stopped yellow, starting and waiting mauve. */
    String status(String status) {
        return switch (status) {
            case "running" -> green;
            case "errored" -> red;
            case "stopped" -> yellow;
            case "starting", "waiting" -> mauve;
            default -> text;
        };
    }
}
