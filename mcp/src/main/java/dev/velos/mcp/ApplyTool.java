// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

import dev.velos.config.AppConfigFile;
import dev.velos.config.ApplyPlan;
import dev.velos.config.ConfigApply;
import dev.velos.config.ConfigException;
import dev.velos.config.ConfigFiles;
import dev.velos.config.ConfigFormat;
import dev.velos.ipc.AccessDeniedException;
import dev.velos.ipc.ClientAppDaemon;
import dev.velos.ipc.Operation;
import dev.velos.ipc.WireTypes;

/**
 * {@code config_apply} (issue 18): a config file applied as {@code velos apply} does, by the same
 * {@link ConfigApply}. It starts the commands the file names, so it needs the admin scope; a
 * session limited to some apps ({@code --apps}) may apply a file of those apps only, and never prune.
 */
record ApplyTool(DaemonAccess daemon, Path workingDirectory) {
    Tool tool() {
        return new Tool("config_apply", "Applies a config file to the running processes, touching only what differs: "
                + "new apps start, changed ones restart (or reload), unchanged ones keep running untouched, and with "
                + "prune apps the file no longer names are deleted. Reads velos.toml, PM2 ecosystem files (.js via node,"
                + " .json, .yaml), supervisord.conf and process-compose.yaml. Call it with dry_run: true first to see the"
                + " plan (new / changed with the fields / unchanged / removed). Give path (a file, relative to the MCP"
                + " server's working directory) or content with format. Needs the 'admin' scope.",
                Schemas.object(Schemas.properties(
                        "path", Schemas.string("The config file to apply (relative to the MCP server's working directory)."),
                        "content", Schemas.string("The config file's text, instead of path."),
                        "format", Schemas.string("With content: toml, pm2, supervisord or process-compose."),
                        "env", Schemas.string("Env profile: merge env_<profile> over env (PM2's --env)."),
                        "only", Schemas.strings("Only these apps of the file."),
                        "prune", Schemas.bool("Also delete running apps that the file does not name (default false)."),
                        "dry_run", Schemas.bool("Only return the plan; change nothing (default false)."),
                        "reload", Schemas.bool("Reload changed apps without downtime instead of restarting them."))),
                Operation.START_NEW, this::apply);
    }

    private Object apply(ToolCall call) {
        ToolArgs args = call.args();
        Optional<String> path = args.optional("path");
        Optional<String> content = args.optional("content");
        if (path.isPresent() == content.isPresent()) {
            throw new ToolException("give either path (a config file) or content (its text, with format)");
        }
        Optional<ConfigFormat> format = args.optional("format").map(f -> ConfigFormat.named(f).orElseThrow(() ->
                new ToolException("unknown format '" + f + "': use toml, pm2, supervisord or process-compose")));
        if (content.isPresent() && format.isEmpty()) {
            throw new ToolException("content needs its format: toml, pm2, supervisord or process-compose");
        }
        boolean prune = args.flag("prune");
        if (prune && !args.strings("only").isEmpty()) {
            throw new ToolException("prune and only cannot be combined: prune deletes the apps the whole file does not name");
        }
        AppConfigFile.Loaded loaded;
        try {
            ConfigFiles.Source source = path.isPresent()
                    ? ConfigFiles.Source.of(workingDirectory.resolve(path.get()).toAbsolutePath().normalize())
                    : new ConfigFiles.Source(workingDirectory.resolve(format.orElseThrow().defaultFileName()), content.orElseThrow());
            loaded = ConfigFiles.read(source, format, args.optional("env"), new LinkedHashSet<>(args.strings("only")),
                    System.getenv());
        } catch (ConfigException e) {
            throw new ToolException("the config file has problems:\n" + e.getMessage());
        }
        if (!call.grant().seesEveryApp()) {
            if (prune) {
                throw new AccessDeniedException("prune may delete any app; this session is limited to "
                        + String.join(", ", call.grant().apps()));
            }
            loaded.apps().forEach(a -> call.grant().requireApp(a.name()));
        }
        ConfigApply.Options options = new ConfigApply.Options(prune, args.flag("dry_run"),
                args.flag("reload") ? ConfigApply.Mode.RELOAD : ConfigApply.Mode.RESTART, Optional.empty());
        ConfigApply.Result<WireTypes.ProcessView> result = daemon.withStart(c ->
                ConfigApply.apply(new ClientAppDaemon(c), loaded.apps(), options));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("applied", result.applied());
        o.put("plan", result.plan().steps().stream().map(ApplyTool::step).toList());
        o.put("warnings", loaded.warnings());
        o.put("processes", result.views().stream().map(v -> Map.of("id", v.id(), "name", v.name(), "pid", v.pid(),
                "status", Outputs.status(v))).toList());
        return o;
    }

    private static Map<String, Object> step(ApplyPlan.Step s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("action", s.action().word());
        o.put("name", s.name());
        o.put("fields", s.fields());
        o.put("stopped", s.stopped());
        return o;
    }
}
