// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The training run of the JDK's AOT cache ({@code bin/aot-train}, part of {@code make build}):
 * runs the commands users run most, in one JVM, against a private daemon, so the classes they
 * load and link end up in {@code velos-cli.aot} and the next {@code velos list} starts from the
 * cache instead of the jar. Output is discarded; the exit code says whether every step worked,
 * so a broken training run fails the build instead of silently producing a useless cache.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("velos-aot");
        Path app = work.resolve("tick.sh");
        Files.writeString(app, "#!/bin/sh\nwhile :; do echo \"tick $(date)\"; echo 'warn: slow' >&2; sleep 0.2; done\n");
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwx------"));
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        String[][] steps = {
            {"--help"},
            {"--version"},
            {"ping"},
            {"list"},
            {"start", app.toString(), "--name", "aot-train"},
            {"list"},
            {"list", "--json"},
            {"info", "aot-train"},
            {"info", "aot-train", "--json"},
            {"logs", "aot-train", "--lines", "20"},
            {"logs", "aot-train", "--summary"},
            {"logs", "aot-train", "--json", "--level", "warn"},
            {"logs", "aot-train", "--ai"},
            {"restart", "aot-train"},
            {"stop", "aot-train"},
            {"delete", "aot-train"},
            {"start", "--help"},
            {"nonsense-command"},
        };
        int failed = 0;
        for (String[] step : steps) {
            int code = VelosCli.run(nowhere, nowhere, step);
            boolean expectedFailure = step[0].equals("nonsense-command");
            if ((code != 0) != expectedFailure) {
                System.err.println("aot-train: 'velos " + String.join(" ", step) + "' exited " + code);
                failed++;
            }
        }
        Files.deleteIfExists(app);
        Files.deleteIfExists(work);
        System.exit(failed == 0 ? 0 : 1);
    }
}
