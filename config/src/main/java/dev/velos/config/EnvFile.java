// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code .env} file, the format docker compose, dotenv and systemd's {@code EnvironmentFile}
 * users already write: one {@code KEY=VALUE} per line.
 *
 * <ul>
 *   <li>Blank lines and lines starting with {@code #} are skipped; an optional {@code export }
 *       prefix is allowed, so the same file can be {@code source}d by a shell.</li>
 *   <li>Spaces around {@code =} are allowed. An unquoted value is trimmed, and {@code #} after
 *       whitespace starts a comment ({@code URL=http://x/#top} keeps its {@code #}).</li>
 *   <li>{@code 'single quotes'} are literal. {@code "double quotes"} understand {@code \n},
 *       {@code \r}, {@code \t}, {@code \"} and {@code \\}; any other backslash stays as written.
 *       A quoted value ends on its own line; only a comment may follow the closing quote.</li>
 *   <li>Values are taken literally: {@code ${VAR}} is not expanded. A key that appears twice
 *       keeps its last value.</li>
 * </ul>
 *
 * Anything else is an error naming the file and line, never silently skipped: a typo in a
 * secrets file should not turn into a missing variable at three in the morning.
 */
final class EnvFile {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private EnvFile() {
    }

    /** Reads and parses {@code file}; a missing or unreadable file is a {@link ConfigException}. */
    static Map<String, String> load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": env file not found", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": env file is not valid UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read env file: " + e, e);
        }
        return parse(text, file.toString());
    }

    /** Parses {@code text}; {@code source} names the file in error messages. */
    static Map<String, String> parse(String text, String source) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNo = i + 1;
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring("export".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw error(source, lineNo, "expected KEY=VALUE, got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                throw error(source, lineNo, "invalid variable name '" + key
                        + "' (use letters, digits, '_' and '.', not starting with a digit)");
            }
            env.put(key, value(line.substring(eq + 1), source, lineNo));
        }
        return Collections.unmodifiableMap(env);
    }

    private static String value(String raw, String source, int lineNo) {
        String v = raw.stripLeading();
        if (v.startsWith("'")) {
            int end = v.indexOf('\'', 1);
            if (end < 0) {
                throw error(source, lineNo, "unterminated single-quoted value");
            }
            requireOnlyComment(v.substring(end + 1), source, lineNo);
            return v.substring(1, end);
        }
        if (v.startsWith("\"")) {
            return doubleQuoted(v, source, lineNo);
        }
        return unquoted(raw);
    }

    private static String doubleQuoted(String v, String source, int lineNo) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                requireOnlyComment(v.substring(i + 1), source, lineNo);
                return sb.toString();
            }
            if (c == '\\' && i + 1 < v.length()) {
                char next = v.charAt(++i);
                switch (next) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case '"', '\\' -> sb.append(next);
                    default -> sb.append('\\').append(next);
                }
            } else {
                sb.append(c);
            }
        }
        throw error(source, lineNo, "unterminated double-quoted value (a quoted value must end on its own line)");
    }

    /** The value up to a {@code #} that follows whitespace (an inline comment), trimmed. */
    private static String unquoted(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && i > 0 && Character.isWhitespace(raw.charAt(i - 1))) {
                return raw.substring(0, i).strip();
            }
        }
        return raw.strip();
    }

    private static void requireOnlyComment(String rest, String source, int lineNo) {
        String r = rest.strip();
        if (!r.isEmpty() && !r.startsWith("#")) {
            throw error(source, lineNo, "unexpected text after the closing quote: '" + r + "'");
        }
    }

    private static ConfigException error(String source, int line, String message) {
        return new ConfigException(String.format(Locale.ROOT, "%s:%d: %s", source, line, message));
    }
}
