// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;
import java.util.List;

import dev.velos.config.AppConfigFile;
import dev.velos.daemon.DaemonOptions;
import dev.velos.daemon.ForegroundRun;
import dev.velos.daemon.RunExitPolicy;
import dev.velos.ipc.WireTypes.StartArgs;
import dev.velos.model.AppConfig;
import dev.velos.model.VelosException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code velos run [file]}: the daemon in the foreground with the apps of a config file, their
 * output on velos's own stdout and stderr, ending by the exit policy with the failing app's code —
 * velos as a container's main process (issue 22; {@link ForegroundRun} does the work). The file is
 * read here, in any format {@code velos start} and {@code apply} read, so a bad file fails before any daemon runs.
 */
@Command(name = "run")
final class RunCommand extends AbstractCommand {
    @Mixin
    ConfigFileSource file = new ConfigFileSource();

    @Option(names = "--json-logs", descriptionKey = "json-logs")
    boolean jsonLogs;

    /** Null: the file's {@code exit_policy}, else "all". */
    @Option(names = "--exit-policy", paramLabel = "<all|any|app>", descriptionKey = "exit-policy")
    String exitPolicy;

    @Override
    int execute() {
        CliContext context = context();
        Path config = file.chosen(this, "run");
        // Any format start and apply read (velos.toml, PM2, supervisord, process-compose).
        AppConfigFile.Loaded loaded = file.options.read(this, config);
        List<AppConfig> apps = loaded.apps();
        if (apps.isEmpty()) {
            throw new CliException(config + " has no app to run", "Name at least one app in it.", ExitCode.RUNTIME, null);
        }
        // --exit-policy wins over the file's exit_policy; neither: "all".
        String source = exitPolicy != null || loaded.exitPolicy().isEmpty() ? "--exit-policy" : "exit_policy";
        RunExitPolicy policy;
        try {
            policy = RunExitPolicy.parse(exitPolicy != null ? exitPolicy : loaded.exitPolicy().orElse("all"));
        } catch (VelosException e) {
            throw new CliException(source + ": " + e.getMessage(), "Use all, any, or the name of an app of the file.",
                    ExitCode.USAGE, e);
        }
        if (policy.kind() == RunExitPolicy.Kind.APP && apps.stream().noneMatch(a -> a.name().equals(policy.app()))) {
            throw new CliException(source + " names '" + policy.app() + "', which is not an app of " + config
                    + (file.options.only.isEmpty() ? "" : " (with --only " + String.join(",", file.options.only) + ")"),
                    "Use one of: " + String.join(", ", apps.stream().map(AppConfig::name).toList()) + " (or all, any).",
                    ExitCode.USAGE, null);
        }
        List<StartArgs> args = apps.stream().map(StartArgs::of).toList();
        return ForegroundRun.run(new DaemonOptions(context.home(), context.socket(), false),
                new ForegroundRun.Plan(args, context.env(), policy, jsonLogs));
    }
}
