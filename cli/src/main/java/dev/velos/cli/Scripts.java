// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.velos.model.AppNames;
import dev.velos.model.VelosException;

/**
 * What {@code start} works out about its script before it talks to the daemon: the default
 * process name and whether the script exists (a missing script is reported here, not as a
 * crash loop later).
 */
final class Scripts {
    private Scripts() {
    }

    /** The file stem, as PM2 names apps: {@code server.js} → {@code server}, {@code ./bin/app} → {@code app}. */
    static String defaultName(String script) {
        String s = script;
        while (s.endsWith("/") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        String file = s.substring(s.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        return stem.isEmpty() ? "app" : stem;
    }

    /**
     * The process name: {@code explicit} (from {@code --name}) or the script's stem, checked
     * against DESIGN.md §4 "Names" here so a bad name never reaches the daemon.
     */
    static String processName(String explicit, String script) {
        String candidate = explicit != null ? explicit : defaultName(script);
        String hint = explicit != null ? "Choose another --name."
                : "The name comes from the script's file name; give one with --name <name>.";
        if (candidate.indexOf(':') >= 0) {
            throw new CliException("invalid process name '" + candidate + "': ':' is reserved for cluster instances", hint);
        }
        try {
            return AppNames.requireValid(candidate);
        } catch (VelosException e) {
            throw new CliException(e.getMessage(), hint);
        }
    }

    /** A path, not a command name: it has a {@code /} or a file extension ({@code app.sh}, not {@code python3.12}). */
    static boolean looksLikePath(String script) {
        return script.indexOf('/') >= 0 || hasExtension(script);
    }

    /**
     * What the regex {@code .+\.[A-Za-z][A-Za-z0-9]*} matches, checked by hand because {@code start}
     * runs it on every start-up (a Pattern costs its compilation there): the suffix after the last
     * dot is an ASCII letter then letters and digits, and at least one character before that dot,
     * none of them a line terminator ({@code .} matches none).
     */
    private static boolean hasExtension(String script) {
        int dot = script.lastIndexOf('.');
        if (dot < 1 || dot == script.length() - 1 || !asciiLetter(script.charAt(dot + 1))) {
            return false;
        }
        for (int i = dot + 2; i < script.length(); i++) {
            char c = script.charAt(i);
            if (!asciiLetter(c) && (c < '0' || c > '9')) {
                return false;
            }
        }
        for (int i = 0; i < dot; i++) {
            char c = script.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    /**
     * Fails with a clear message when the script cannot be found: a path (or the file an
     * interpreter will read) must exist relative to {@code cwd}; a bare command name may also
     * come from {@code path} (the PATH the app will get).
     */
    static void requireExists(String script, Path cwd, boolean hasInterpreter, String path) {
        Path candidate = cwd.resolve(script).normalize();
        if (Files.isDirectory(candidate)) {
            throw new CliException("'" + script + "' is a directory, not a script (in " + cwd + ")",
                    "Name the file to run, e.g. velos start " + Path.of(script).resolve("index.js"));
        }
        if (Files.exists(candidate)) {
            return;
        }
        boolean absolute = Path.of(script).isAbsolute();
        if (looksLikePath(script) || hasInterpreter) {
            throw new CliException("script '" + script + "' not found" + (absolute ? "" : " in " + cwd),
                    absolute ? "Check the path." : "Check the path; it is resolved against --cwd (default: the current directory).");
        }
        if (path != null) {
            for (String dir : path.split(":")) {
                Path onPath = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(script);
                if (Files.isRegularFile(onPath) && Files.isExecutable(onPath)) {
                    return;
                }
            }
        }
        throw new CliException("script '" + script + "' not found in " + cwd + " or on PATH",
                "Give the path to the script (e.g. ./" + script + "), or install the command.");
    }
}
