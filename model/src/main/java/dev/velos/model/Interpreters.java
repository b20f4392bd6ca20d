// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
    /** Scripts whose shebang is remembered; past this many the memory starts again (a bound, not an LRU). */
    private static final int CACHED_SCRIPTS = 1024;

    /**
     * What a script's head said, and the file it was read from (modification time, size, inode).
     * Every spawn plans afresh (a restart too) and a start of 1,000 apps checks then spawns each: the
     * head was opened and read twice per app, garbage of the start burst; the attributes are read
     * anyway (is it a regular file?), so an unchanged file costs no more than that stat.
     */
    private record Shebang(FileTime modified, long size, Object fileKey, Optional<List<String>> interpreter) {
        boolean describes(BasicFileAttributes attrs) {
            return attrs.lastModifiedTime().equals(modified) && attrs.size() == size
                    && java.util.Objects.equals(attrs.fileKey(), fileKey);
        }
    }

    private static final ConcurrentHashMap<Path, Shebang> SHEBANGS = new ConcurrentHashMap<>();
    /** How many times a script's head was read from the file (for the cache's test). */
    private static final AtomicLong HEAD_READS = new AtomicLong();

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
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(script, BasicFileAttributes.class);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!attrs.isRegularFile()) {
            return Optional.empty();
        }
        Shebang known = SHEBANGS.get(script);
        if (known != null && known.describes(attrs)) {
            return known.interpreter();
        }
        Optional<List<String>> interpreter = readShebang(script);
        if (SHEBANGS.size() >= CACHED_SCRIPTS) {
            SHEBANGS.clear();
        }
        SHEBANGS.put(script, new Shebang(attrs.lastModifiedTime(), attrs.size(), attrs.fileKey(), interpreter));
        return interpreter;
    }

    /** Reads from the disk so far; package-private for the cache's test. */
    static long headReads() {
        return HEAD_READS.get();
    }

    private static Optional<List<String>> readShebang(Path script) {
        HEAD_READS.incrementAndGet();
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
