// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

/**
 * Template normalisation of REFERENCE §9.3, the grouping key of dedup and pattern detection:
 * <ol>
 *   <li>a UUID ({@code 8-4-4-4-12} hex digits, either case) → {@code <UUID>};</li>
 *   <li>an IPv4 address ({@code d{1,3}.d{1,3}.d{1,3}.d{1,3}}) with an optional {@code :port}
 *       → {@code <IP>};</li>
 *   <li>{@code 0x} (or {@code 0X}) followed by hex digits → {@code <HEX>};</li>
 *   <li>any run of ASCII digits → {@code <N>}, a single digit too.</li>
 * </ol>
 * Examples: {@code Connection to 192.168.1.5:5432 failed} → {@code Connection to <IP> failed};
 * {@code Processed 1234 items in 567ms} → {@code Processed <N> items in <N>ms};
 * {@code served in 0 ms} and {@code served in 12 ms} → {@code served in <N> ms}.
 *
 * <p>The reference keeps single digits, which splits one message into a pattern per value below
 * ten ({@code served in 0 ms}, {@code served in 1 ms}, …; issue 16.3), so every number is
 * replaced here. {@link #of} is the grouping key: a JSON line is grouped on its message field
 * ({@link JsonLine#message}), not on the whole JSON text whose timestamps and ids differ on
 * every line.
 *
 * <p>Boundaries, which the reference leaves open, are chosen so that tokens are not cut out of
 * longer words: a UUID, an address and a {@code 0x} literal must not follow a letter or digit
 * (an address not a {@code .} either); a UUID must not be followed by a letter or digit, an
 * address not by a letter, digit or {@code .digit} (so {@code 1.2.3.4.5} is a version, not an
 * address), and a port is taken only when its digits end at a non-alphanumeric character and do
 * not begin a UUID. Digit runs have no boundary ({@code 567ms} → {@code <N>ms}, {@code v2} →
 * {@code v<N>}).
 *
 * <p>One left-to-right pass that tries the rules in order at each position. Because every earlier
 * rule needs a non-alphanumeric character before its match, and no later rule's match can contain
 * such a start, this gives the same result as four successive replace-all passes. A line without
 * anything to replace is returned as is, without allocation.
 */
public final class Templates {
    private static final String UUID = "<UUID>";
    private static final String IP = "<IP>";
    private static final String HEX = "<HEX>";
    private static final String NUMBER = "<N>";
    private static final int[] UUID_GROUPS = {8, 4, 4, 4, 12};
    private static final int UUID_LENGTH = 36;

    private Templates() {
    }

    /**
     * The grouping key of a line (dedup, patterns): the template of its JSON message field when
     * the line is a JSON object that has one, else the template of the whole line.
     */
    public static String of(String line) {
        return normalize(JsonLine.message(line).orElse(line));
    }

    /** The template of {@code message} (the four rules above). */
    public static String normalize(String message) {
        String s = message;
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (!digit && !isHexLetter(c)) {
                i++;
                continue;
            }
            int end = -1;
            String token = null;
            if (i == 0 || !isAlnum(s.charAt(i - 1))) {
                if ((end = uuidEnd(s, i)) > 0) {
                    token = UUID;
                } else if (digit && (i == 0 || s.charAt(i - 1) != '.') && (end = ipEnd(s, i)) > 0) {
                    token = IP;
                } else if (c == '0' && (end = hexEnd(s, i)) > 0) {
                    token = HEX;
                }
            }
            if (token == null && digit) {
                end = i + 1;
                while (end < n && isDigit(s.charAt(end))) {
                    end++;
                }
                token = NUMBER;
            }
            if (token == null) {
                i = Math.max(i + 1, end);
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n + 16);
            }
            out.append(s, copied, i).append(token);
            copied = end;
            i = end;
        }
        if (out == null) {
            return s;
        }
        return out.append(s, copied, n).toString();
    }

    /** End of a UUID starting at {@code i}, or -1. */
    private static int uuidEnd(String s, int i) {
        if (s.length() - i < UUID_LENGTH) {
            return -1;
        }
        int p = i;
        for (int g = 0; g < UUID_GROUPS.length; g++) {
            if (g > 0) {
                if (s.charAt(p) != '-') {
                    return -1;
                }
                p++;
            }
            for (int k = 0; k < UUID_GROUPS[g]; k++, p++) {
                if (!isHex(s.charAt(p))) {
                    return -1;
                }
            }
        }
        return p < s.length() && isAlnum(s.charAt(p)) ? -1 : p;
    }

    /** End of an IPv4 address (with its port, if any) starting at {@code i}, or -1. */
    private static int ipEnd(String s, int i) {
        int n = s.length();
        int p = i;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (p >= n || s.charAt(p) != '.') {
                    return -1;
                }
                p++;
            }
            int start = p;
            while (p < n && p - start < 4 && isDigit(s.charAt(p))) {
                p++;
            }
            if (p == start || p - start > 3) {
                return -1;
            }
        }
        if (p < n && (isAlnum(s.charAt(p)) || (s.charAt(p) == '.' && p + 1 < n && isDigit(s.charAt(p + 1))))) {
            return -1;
        }
        if (p + 1 < n && s.charAt(p) == ':' && isDigit(s.charAt(p + 1)) && uuidEnd(s, p + 1) < 0) {
            int q = p + 1;
            while (q < n && isDigit(s.charAt(q))) {
                q++;
            }
            if (q == n || !isAlnum(s.charAt(q))) {
                return q;
            }
        }
        return p;
    }

    /** End of a {@code 0x} hex literal starting at {@code i}, or -1. */
    private static int hexEnd(String s, int i) {
        int n = s.length();
        if (i + 2 >= n || (s.charAt(i + 1) != 'x' && s.charAt(i + 1) != 'X') || !isHex(s.charAt(i + 2))) {
            return -1;
        }
        int p = i + 3;
        while (p < n && isHex(s.charAt(p))) {
            p++;
        }
        return p;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexLetter(char c) {
        return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isHex(char c) {
        return isDigit(c) || isHexLetter(c);
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
