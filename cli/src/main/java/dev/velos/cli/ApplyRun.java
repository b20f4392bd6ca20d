// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.velos.config.AppConfigFile;
import dev.velos.config.ApplyPlan;
import dev.velos.config.ConfigApply;
import dev.velos.config.ConfigFiles;
import dev.velos.ipc.ClientAppDaemon;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;
import dev.velos.model.AppNames;

/**
 * One config file applied from the command line ({@code velos apply}, {@code velos start <file>},
 * {@code start --config}, {@code startOrRestart}, {@code startOrReload}): read through
 * {@link ConfigFiles} (any format), its notes printed on stderr, the plan carried out by
 * {@link ConfigApply} and printed.
 */
final class ApplyRun {
    private final ClientCommand command;
    private final Path file;
    private final ConfigFileOptions configFile;

    ApplyRun(ClientCommand command, Path file, ConfigFileOptions options) {
        this.command = command;
        this.file = command.context().cwd().resolve(file).toAbsolutePath().normalize();
        this.configFile = options;
    }

    /**
     * Applies the file with {@code options}; {@code asPlan} prints the plan ({@code + new},
     * {@code ~ changed (fields)}...) as {@code apply} does, else one {@code Started} line per app
     * as {@code start} always did.
     */
    int run(ConfigApply.Options options, boolean asPlan) {
        AppConfigFile.Loaded loaded = configFile.read(command, file);
        ConfigApply.Result<ProcessView> result;
        try (VelosClient client = command.connect()) {
            result = ConfigApply.apply(new ClientAppDaemon(client), loaded.apps(), options);
        }
        if (asPlan) {
            printPlan(result);
        } else {
            printStarted(result);
        }
        return ExitCode.OK;
    }

    private void printPlan(ConfigApply.Result<ProcessView> result) {
        ApplyPlan plan = result.plan();
        if (command.json) {
            JsonObject root = Json.object().put("file", file.toString()).put("applied", result.applied());
            JsonArray steps = root.putArray("plan");
            for (ApplyPlan.Step s : plan.steps()) {
                JsonObject step = steps.addObject().put("action", s.action().word()).put("name", s.name())
                        .put("stopped", s.stopped());
                JsonArray fields = step.putArray("fields");
                s.fields().forEach(fields::add);
            }
            JsonArray apps = root.putArray("apps");
            result.views().forEach(v -> apps.addObject().put("id", v.id()).put("name", AppNames.baseOf(v.name()))
                    .put("pid", v.pid()));
            command.out().println(Json.pretty(root));
            return;
        }
        Style style = command.style();
        plan.lines().forEach(l -> command.out().println(style.untrusted(l)));
        if (plan.steps().isEmpty()) {
            command.out().println("[velos] The file has no apps to apply");
        } else if (!result.applied()) {
            command.out().println("[velos] Dry run: nothing was changed");
        } else {
            command.out().println("[velos] Applied " + file.getFileName() + ": " + count(plan, ApplyPlan.Action.NEW) + " new, "
                    + count(plan, ApplyPlan.Action.CHANGED) + " changed, " + count(plan, ApplyPlan.Action.UNCHANGED)
                    + " unchanged, " + count(plan, ApplyPlan.Action.REMOVED) + " removed");
        }
    }

    private static long count(ApplyPlan plan, ApplyPlan.Action action) {
        return plan.of(action).size();
    }

    private void printStarted(ConfigApply.Result<ProcessView> result) {
        for (ProcessView v : result.views()) {
            String name = AppNames.baseOf(v.name());
            boolean untouched = result.plan().steps().stream().anyMatch(s -> s.name().equals(name)
                    && s.action() == ApplyPlan.Action.UNCHANGED && !s.stopped());
            if (command.json) {
                command.out().println(Json.compact(Json.object().put("id", v.id()).put("name", name)
                        .put("unchanged", untouched)));
            } else {
                command.out().println("[velos] " + (untouched ? "Unchanged" : "Started") + " '" + name + "' (id=" + v.id() + ")");
            }
        }
    }

    /**
     * {@code file} when one is named, else the first of {@link #DEFAULT_FILES} in the working
     * directory; absolute, resolved against the client's working directory.
     */
    static Path fileOrDefault(CliContext context, Path file, String command) {
        if (file != null) {
            return context.cwd().resolve(file).toAbsolutePath().normalize();
        }
        for (String name : DEFAULT_FILES) {
            Path candidate = context.cwd().resolve(name).toAbsolutePath().normalize();
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new CliException("no config file named, and none of " + String.join(", ", DEFAULT_FILES)
                + " in " + context.cwd(), "Name one: velos " + command + " <file>");
    }

    /** The config files {@code velos apply}, {@code run} and {@code export} use when none is named, in this order. */
    static final List<String> DEFAULT_FILES = List.of("velos.toml", "ecosystem.config.js", "ecosystem.config.cjs",
            "ecosystem.config.mjs", "ecosystem.config.json", "ecosystem.json", "ecosystem.config.yaml", "ecosystem.yaml",
            "ecosystem.yml", "process-compose.yaml", "process-compose.yml", "supervisord.conf");
}
