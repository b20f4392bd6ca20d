// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.ArrayList;
import java.util.List;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * A command line written as one string ({@code "python3 -m http.server 8000"}), as PM2's
 * {@code velos start "<command>"}, supervisord's {@code command=} and process-compose's
 * {@code command:} write it, split into words the way a POSIX shell would split a simple
 * command: blanks separate words, {@code '...'} is literal, {@code "..."} and a backslash escape.
 * Anything a shell would do beyond splitting (pipes, {@code &&}, redirections, {@code $VAR},
 * globs) is detected by {@link #needsShell}: such a line is run by {@code /bin/sh -c}.
 */
public final class CommandWords {
    private static final String SHELL_CHARACTERS = "|&;<>()$`*?[]{}~\n";

    private CommandWords() {
    }

    /** The words of {@code line}; an unclosed quote or a trailing backslash is an INVALID_ARGUMENT error. */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unclosed(line, "'");
                }
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char d = line.charAt(j);
                    if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
                        j++;
                        d = line.charAt(j);
                    }
                    word.append(d);
                }
                if (j >= line.length()) {
                    throw unclosed(line, "\"");
                }
                i = j;
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new VelosException(ErrorCode.INVALID_ARGUMENT, "command line ends with a lone backslash: " + line);
                }
                word.append(line.charAt(++i));
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Whether {@code line} uses a shell feature outside quotes (a pipe, {@code &&}, a redirection, {@code $VAR}, a glob). */
    public static boolean needsShell(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (quote == '"' && (c == '$' || c == '`')) {
                    return true;
                } else if (quote == '"' && c == '\\') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                i++;
            } else if (SHELL_CHARACTERS.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} has more than one word: a command line rather than a program name. */
    public static boolean isCommandLine(String text) {
        return text.strip().chars().anyMatch(Character::isWhitespace);
    }

    private static VelosException unclosed(String line, String quote) {
        return new VelosException(ErrorCode.INVALID_ARGUMENT, "unclosed " + quote + " in command line: " + line);
    }
}
