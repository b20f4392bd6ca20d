// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.velos.config.AppConfig;
import dev.velos.config.AppConfigFile;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;
import dev.velos.ipc.WireTypes.StartArgs;
import dev.velos.model.AppNames;

/**
 * {@code velos start --config file.toml}: every app of the file (all validated before any starts),
 * each started with its settings; an app that already exists is replaced by the new spec.
 */
final class ConfigStart {
    private ConfigStart() {
    }

    /** Starts the apps; returns one result per app, in file order. */
    static List<ProcessView> run(VelosClient client, Map<String, String> cliEnv, Path file, Optional<String> profile,
                                 Set<String> only, Boolean autorestartOverride, Integer maxRestartsOverride) {
        List<AppConfig> apps = AppConfigFile.load(file, profile, only);
        Set<String> existing = new java.util.HashSet<>();
        for (ProcessView v : client.list()) {
            existing.add(v.name());
            existing.add(AppNames.baseOf(v.name()));
        }
        List<StartArgs> args = new ArrayList<>();
        for (AppConfig app : apps) {
            if (existing.contains(app.name())) {
                client.delete(app.name());
            }
            args.add(args(app, autorestartOverride, maxRestartsOverride));
        }
        // One request for the whole file: the daemon checks every app before starting any and
        // saves its state once. The first view of each app (instance 0 of a cluster) is its result.
        List<ProcessView> views = client.startMany(args, cliEnv);
        List<ProcessView> started = new ArrayList<>();
        for (AppConfig app : apps) {
            views.stream().filter(v -> v.name().equals(app.name()) || AppNames.baseOf(v.name()).equals(app.name()))
                    .findFirst().ifPresent(started::add);
        }
        return started;
    }

    static StartArgs args(AppConfig app, Boolean autorestartOverride, Integer maxRestartsOverride) {
        Map<String, String> env = new LinkedHashMap<>(app.env());
        var r = app.restart();
        return new StartArgs(app.name(), app.script(), app.args(), app.cwd().toString(), app.interpreter().orElse(""), env,
                autorestartOverride != null ? autorestartOverride : r.autorestart(),
                maxRestartsOverride != null ? maxRestartsOverride : r.maxRestarts(), r.minUptime().toMillis(),
                r.restartDelay().toMillis(), r.expBackoff(), r.killTimeout().toMillis(),
                app.logs().maxSize().isPresent() ? app.logs().maxSize().getAsLong() : null,
                app.logs().retainCount().isPresent() ? app.logs().retainCount().getAsInt() : null,
                app.ready().waitReady(), app.ready().listenTimeout().toMillis(), app.ready().shutdownWithMessage(),
                app.maxMemoryRestart().isPresent() ? app.maxMemoryRestart().getAsLong() : null,
                app.cronRestart().orElse(null), app.watch().enabled(), app.watch().paths(), app.watch().ignore(),
                app.watch().delay().toMillis(), app.instances(),
                app.watchdogMs().isPresent() ? app.watchdogMs().getAsLong() : null)
                .withOrchestration(orchestration(app, autorestartOverride)).withLogFiles(app.logFiles())
                .withListen(app.listen());
    }

    /** The app's issue 19 settings; --no-autorestart on the command line wins over its autorestart = "on-failure". */
    private static Map<String, Object> orchestration(AppConfig app, Boolean autorestartOverride) {
        Map<String, Object> settings = new LinkedHashMap<>(app.orchestration());
        if (autorestartOverride != null) {
            settings.remove("autorestart");
        }
        return settings;
    }
}
