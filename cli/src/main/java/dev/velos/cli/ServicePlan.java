// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code velos startup} does for one init system: write {@code content} to {@code file}
 * (with {@code executable} mode 0755), then run {@code activate} in order; {@code unstartup} runs
 * {@code deactivate}, deletes the file and runs {@code afterRemoval}.
 */
record ServicePlan(InitSystem init, Path file, String content, boolean executable, List<Step> activate,
                          List<Step> deactivate, List<Step> afterRemoval) {

    /**
     * One command. {@code optional}: its failure is expected at times and ignored (launchd's
     * bootout of a job that is not loaded); {@code fallback}: run when this one fails, and then
     * its outcome counts instead.
     */
    record Step(List<String> argv, boolean optional, List<String> fallback) {
        static Step of(String... argv) {
            return new Step(List.of(argv), false, List.of());
        }

        static Step optional(String... argv) {
            return new Step(List.of(argv), true, List.of());
        }

        Step orElse(String... fallbackArgv) {
            return new Step(argv, optional, List.of(fallbackArgv));
        }

        /** The command as one would type it. */
        String display() {
            return String.join(" ", argv.stream().map(a -> a.contains(" ") ? "'" + a + "'" : a).toList());
        }
    }
}
