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
 * runs every client command, in one JVM, against a private daemon, so the classes they load and
 * link (picocli's too: the build compiles it for release 25, which the cache can hold) end up in
 * {@code velos-cli.aot} and the next command starts from the cache instead of the jar. Output is discarded; the exit code says whether every step worked,
 * so a broken training run fails the build instead of silently producing a useless cache.
 * With the argument {@code fast} it runs only the everyday commands that {@link FastPath} serves
 * without picocli, for {@code velos-fast.aot} (bin/velos picks that cache for them): the JVM loads
 * every class of a cache at start-up, so {@code list} should not pay for {@code apply}'s, picocli's
 * or Jackson's. That run ends with {@code kill}, so bin/aot-train gives it a daemon of its own.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        SelectorProviders.skipLookup(); // as VelosCli.main does first
        Path work = Files.createTempDirectory("velos-aot");
        Path script = work.resolve("tick.sh");
        Files.writeString(script, "#!/bin/sh\nwhile :; do echo \"tick $(date)\"; echo 'warn: slow' >&2; sleep 0.2; done\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        String socket = dev.velos.ipc.RuntimePaths.socket().toString();
        // velos start --config (and apply): the TOML reader and Jackson's databind behind it, hundreds of
        // classes that would otherwise come from the jar on every config start (issue 15: start 100 from a config).
        Path config = work.resolve("apps.toml");
        Files.writeString(config, "[apps.aot-config-a]\nscript = \"" + script + "\"\nargs = [\"x\"]\n"
                + "[apps.aot-config-b]\nscript = \"" + script + "\"\nautorestart = false\n");
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        String app = script.toString();
        // Every client command a user runs against a daemon, each output format, and the error
        // paths (unknown command, unknown process): issue 15 wants all of them served from the cache.
        String[][] steps = {
            {"--help"},
            {"--version"},
            {"ping"},
            {"ping", "--json"},
            {"list"},
            {"start", app, "--name", "aot-train"},
            {"start", app, "--name", "aot-json", "--json"},
            {"start", app, "--name", "aot-cluster", "-i", "2"},
            {"list"},
            {"ls", "--json"},
            {"list", "--ai"},
            {"list", "--socket", socket},
            {"info", "aot-train"},
            {"info", "aot-train", "--json"},
            {"info", "aot-train", "--ai"},
            {"logs", "aot-train", "--lines", "20"},
            {"logs", "aot-train", "-l", "100", "--raw"},
            {"logs", "aot-train", "--summary"},
            {"logs", "aot-train", "--dedupe", "--json"},
            {"logs", "aot-train", "--json", "--level", "warn"},
            {"logs", "aot-train", "--ai"},
            {"restart", "aot-train"},
            {"restart", "aot-json", "--json"},
            {"reload", "aot-train"},
            {"signal", "SIGCONT", "aot-train"},
            {"scale", "aot-cluster", "3"},
            {"flush", "aot-train"},
            {"save"},
            {"resurrect"},
            {"stop", "aot-train"},
            {"stop", "aot-json", "--json"},
            {"delete", "aot-train"},
            {"delete", "all", "--json"},
            {"info", "no-such-app"},
            {"start", "--config", config.toString()},
            {"apply", config.toString()},
            {"delete", "all"},
            {"start", "--help"},
            {"completions", "bash"},
            {"nonsense-command"},
            {"kill"},
        };
        // The plain forms only (FastPathTest holds that FastPath takes each of them), run as bin/velos
        // picks velos-fast.aot: each of its commands with its everyday options.
        String[][] fastSteps = {
            {"--version"},
            {"ping"},
            {"list"},
            {"start", app, "--name", "aot-train"},
            {"start", app, "--name", "aot-json", "--json"},
            {"start", app, "--name", "aot-args", "--no-autorestart", "--", "a"},
            {"list"},
            {"ls", "--json"},
            {"list", "--ai"},
            {"info", "aot-train"},
            {"info", "aot-train", "--json"},
            {"info", "aot-train", "--ai"},
            {"logs", "aot-train", "--lines", "20"},
            {"logs", "aot-train", "-l", "100", "--raw"},
            {"logs", "aot-train", "--json"},
            {"restart", "aot-train"},
            {"restart", "aot-json", "--json"},
            {"reload", "aot-train"},
            {"signal", "SIGCONT", "aot-train"},
            {"flush", "aot-train"},
            {"stop", "aot-train"},
            {"stop", "aot-json", "--json"},
            {"info", "no-such-app"},
            {"save"},
            {"resurrect", "--json"},
            {"delete", "aot-train"},
            {"delete", "aot-args", "--json"},
            {"delete", "all"},
            {"kill"},
        };
        boolean fast = args.length > 0 && args[0].equals("fast");
        int failed = 0;
        for (String[] step : fast ? fastSteps : steps) {
            int code = VelosCli.run(nowhere, nowhere, step);
            boolean expectedFailure = step[0].equals("nonsense-command") || step[step.length - 1].equals("no-such-app");
            if ((code != 0) != expectedFailure) {
                System.err.println("aot-train: 'velos " + String.join(" ", step) + "' exited " + code);
                failed++;
            }
        }
        Files.deleteIfExists(script);
        Files.deleteIfExists(config);
        Files.deleteIfExists(work);
        System.exit(failed == 0 ? 0 : 1);
    }
}
