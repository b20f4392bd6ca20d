// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What {@code velos export} writes: systemd units, a Compose file, or Kubernetes manifests. */
public enum ExportTarget {
    SYSTEMD("systemd"),
    COMPOSE("compose"),
    KUBERNETES("kubernetes");

    private final String word;

    ExportTarget(String word) {
        this.word = word;
    }

    /** The word users type ({@code velos export compose}). */
    public String word() {
        return word;
    }

    /** The target {@code text} names ({@code k8s} and {@code docker-compose} too); empty when none. */
    public static Optional<ExportTarget> named(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "k8s" -> Optional.of(KUBERNETES);
            case "docker-compose" -> Optional.of(COMPOSE);
            default -> Arrays.stream(values()).filter(v -> v.word.equals(t)).findFirst();
        };
    }
}
