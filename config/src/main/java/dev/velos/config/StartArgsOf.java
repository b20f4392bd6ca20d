// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.velos.ipc.WireTypes.StartArgs;

/**
 * The {@code start} request for an app of a config file, every setting of it included (one
 * owner for the cli's {@code start --config}, {@code apply}, REST and MCP). Part of config's
 * temporary use of ipc (module-info): the request type lives there.
 */
public final class StartArgsOf {
    private StartArgsOf() {
    }

    /** {@code app} as a start request. */
    public static StartArgs of(AppConfig app) {
        return of(app, null, null);
    }

    /**
     * {@code app} as a start request; {@code autorestartOverride} and {@code maxRestartsOverride}
     * (null: the file's) are {@code start --config}'s {@code --no-autorestart} and {@code --max-restarts}.
     */
    public static StartArgs of(AppConfig app, Boolean autorestartOverride, Integer maxRestartsOverride) {
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
