// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The interpreter velos runs a script with when none is given (REFERENCE §2.4): its shebang
 * ({@code #!/usr/bin/env python3}, {@code #!/bin/sh}), else its extension ({@code .py},
 * {@code .js}, {@code .ts}, {@code .rb}, {@code .sh}). One owner for the supervisor, which
 * launches the script, and for {@code velos export}, which writes the same command line into a
 * systemd unit or a manifest.
 */
public final class Interpreters {
    /** A shebang line is read from at most this many bytes of the file. */
    private static final int SHEBANG_BYTES = 256;

    private Interpreters() {
    }

    /**
     * The interpreter's words for {@code script} (the file, if it exists) named {@code scriptName};
     * empty when the script runs by itself.
     */
    public static Optional<List<String>> detect(Path script, String scriptName) {
        return fromShebang(script).or(() -> fromExtension(scriptName));
    }

    private static Optional<List<String>> fromShebang(Path script) {
        if (!Files.isRegularFile(script)) {
            return Optional.empty();
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(script)) {
            head = in.readNBytes(SHEBANG_BYTES);
        } catch (IOException e) {
            return Optional.empty();
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("#!")) {
            return Optional.empty();
        }
        int eol = text.indexOf('\n');
        String[] words = (eol < 0 ? text.substring(2) : text.substring(2, eol)).strip().split("\\s+");
        if (words[0].equals("/usr/bin/env") && words.length > 1) {
            return switch (words[1]) {
                case "python3", "python" -> Optional.of(List.of("python3"));
                case "node" -> Optional.of(List.of("node"));
                case "ruby" -> Optional.of(List.of("ruby"));
                case "bash" -> Optional.of(List.of("/bin/bash"));
                case "sh" -> Optional.of(List.of("/bin/sh"));
                default -> Optional.empty();
            };
        }
        return switch (words[0]) {
            case "/bin/sh" -> Optional.of(List.of("/bin/sh"));
            case "/bin/bash" -> Optional.of(List.of("/bin/bash"));
            default -> Optional.empty();
        };
    }

    private static Optional<List<String>> fromExtension(String script) {
        String lower = script.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".py")) {
            return Optional.of(List.of("python3"));
        } else if (lower.endsWith(".js") || lower.endsWith(".mjs") || lower.endsWith(".cjs")) {
            return Optional.of(List.of("node"));
        } else if (lower.endsWith(".ts") || lower.endsWith(".tsx")) {
            return Optional.of(List.of("npx", "tsx"));
        } else if (lower.endsWith(".rb")) {
            return Optional.of(List.of("ruby"));
        } else if (lower.endsWith(".sh")) {
            return Optional.of(List.of("/bin/sh"));
        }
        return Optional.empty();
    }
}
