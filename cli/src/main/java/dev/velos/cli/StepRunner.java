// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.velos.cli.ServicePlan.Step;

/**
 * Runs an init system's commands (systemctl, launchctl, rc-update) and says whether each
 * succeeded: its exit status counts, not merely that it could be launched.
 */
final class StepRunner {
    private static final long TIMEOUT_SECONDS = 120;

    /** How a list of steps went: {@code failure} describes the first step that failed ("" if none). */
    record Outcome(boolean ok, String failure, boolean usedFallback) {
    }

    private record Run(int exit, String output) {
    }

    Outcome run(List<Step> steps) {
        boolean fallbackUsed = false;
        for (Step step : steps) {
            Run run = exec(step.argv());
            if (run.exit() == 0 || step.optional()) {
                continue;
            }
            if (!step.fallback().isEmpty()) {
                Run second = exec(step.fallback());
                if (second.exit() == 0) {
                    fallbackUsed = true;
                    continue;
                }
                return new Outcome(false, describe(step.fallback(), second), fallbackUsed);
            }
            return new Outcome(false, describe(step.argv(), run), fallbackUsed);
        }
        return new Outcome(true, "", fallbackUsed);
    }

    private static String describe(List<String> argv, Run run) {
        String out = run.output().strip();
        return "'" + String.join(" ", argv) + "' " + (run.exit() == 127 ? "could not be run" : "failed (exit " + run.exit() + ")")
                + (out.isEmpty() ? "" : ": " + out);
    }

    private static Run exec(List<String> argv) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(124, "timed out after " + TIMEOUT_SECONDS + " s");
            }
            return new Run(p.exitValue(), output);
        } catch (IOException e) {
            return new Run(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(130, "interrupted");
        }
    }
}
