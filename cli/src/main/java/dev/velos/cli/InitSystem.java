// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/** The init systems {@code velos startup} writes a service for, and how to tell which one runs here (REFERENCE §6.7). */
enum InitSystem {
    SYSTEMD("systemd"), LAUNCHD("launchd"), OPENRC("openrc");

    private final String word;

    InitSystem(String word) {
        this.word = word;
    }

    /** The name users type and read: {@code systemd}, {@code launchd}, {@code openrc}. */
    String word() {
        return word;
    }

    static Optional<InitSystem> named(String word) {
        for (InitSystem s : values()) {
            if (s.word.equals(word.toLowerCase(Locale.ROOT))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** macOS → launchd; Linux with {@code /run/systemd/system} → systemd; with {@code /sbin/openrc} → openrc. */
    static Optional<InitSystem> detect(String osName, Predicate<Path> exists) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("darwin")) {
            return Optional.of(LAUNCHD);
        }
        if (os.contains("linux")) {
            if (exists.test(Path.of("/run/systemd/system"))) {
                return Optional.of(SYSTEMD);
            }
            if (exists.test(Path.of("/sbin/openrc"))) {
                return Optional.of(OPENRC);
            }
        }
        return Optional.empty();
    }
}
