// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Objects;

import dev.velos.model.Level;

/**
 * Consecutive occurrences of one template (REFERENCE §9.4). Under Jackson's {@code SNAKE_CASE}
 * naming the components are the reference keys {@code template}, {@code count},
 * {@code first_seen_ms}, {@code last_seen_ms}, {@code level} (write {@link Level#jsonName()}),
 * {@code sample}.
 *
 * @param template    the normalised message ({@link Templates#normalize})
 * @param count       how many lines the group holds, ≥ 1
 * @param firstSeenMs timestamp of the earliest line
 * @param lastSeenMs  timestamp of the latest line
 * @param level       the most severe level among the lines
 * @param sample      the original message of the first line
 */
public record DedupGroup(String template, long count, long firstSeenMs, long lastSeenMs, Level level, String sample) {
    public DedupGroup {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(sample, "sample");
    }
}
