// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.velos.config.AppConfigFile;
import dev.velos.config.ConfigExport;
import dev.velos.config.ExportTarget;
import dev.velos.config.ExportedFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code velos export systemd|compose|kubernetes [file] [--env profile] [--only a,b] [-o dir]}
 * (issue 22): the apps of a config file as systemd units, a Compose file or Kubernetes manifests,
 * for a stack that outgrows one velos. Without {@code -o} the files go to stdout; every setting
 * the target cannot express goes to stderr as well as into the files. Needs no daemon.
 */
@Command(name = "export")
final class ExportCommand extends AbstractCommand {
    @Parameters(index = "0", paramLabel = "<target>", descriptionKey = "export-target")
    String target;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<file>", descriptionKey = "apply-file")
    Path file;

    @Mixin
    ConfigFileOptions configFile = new ConfigFileOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "<dir>", descriptionKey = "export-output")
    Path output;

    @Override
    int execute() {
        ExportTarget t = ExportTarget.named(target).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown export target '" + target + "': use systemd, compose or kubernetes"));
        Path chosen = ApplyRun.fileOrDefault(context(), file, "export " + t.word());
        AppConfigFile.Loaded loaded = configFile.read(this, chosen);
        Style err = errStyle();
        ExportedFiles exported = ConfigExport.export(t, loaded, context().env().getOrDefault("PATH", "/usr/bin:/bin"));
        if (output == null) {
            print(exported);
        } else {
            write(exported, context().cwd().resolve(output).toAbsolutePath().normalize());
        }
        exported.notes().forEach(n -> err().println("Not exported: " + err.untrusted(n)));
        return ExitCode.OK;
    }

    /** One file as it is; several each under a {@code # ==> name <==} line, so the output stays one valid unit stream to read. */
    private void print(ExportedFiles exported) {
        boolean several = exported.files().size() > 1;
        for (ExportedFiles.File f : exported.files()) {
            if (several) {
                out().println("# ==> " + f.name() + " <==");
            }
            out().print(f.text());
            if (several) {
                out().println();
            }
        }
    }

    private void write(ExportedFiles exported, Path dir) {
        try {
            Files.createDirectories(dir);
            for (ExportedFiles.File f : exported.files()) {
                Path to = dir.resolve(f.name());
                Files.writeString(to, f.text());
                out().println("[velos] Wrote " + to);
            }
        } catch (IOException e) {
            throw new CliException("cannot write the exported files to " + dir + ": " + e.getMessage(),
                    "Choose a writable directory with -o <dir>");
        }
    }
}
