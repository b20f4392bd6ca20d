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
        return StartArgs.builder(app.name(), app.script()).args(app.args()).cwd(app.cwd().toString())
                .interpreter(app.interpreter().orElse("")).env(env)
                .autorestart(autorestartOverride != null ? autorestartOverride : r.autorestart())
                .maxRestarts(maxRestartsOverride != null ? maxRestartsOverride : r.maxRestarts())
                .minUptimeMs(r.minUptime().toMillis()).restartDelayMs(r.restartDelay().toMillis())
                .expBackoff(r.expBackoff()).killTimeoutMs(r.killTimeout().toMillis())
                .logMaxSize(app.logs().maxSize().isPresent() ? app.logs().maxSize().getAsLong() : null)
                .logRetainCount(app.logs().retainCount().isPresent() ? app.logs().retainCount().getAsInt() : null)
                .waitReady(app.ready().waitReady()).listenTimeoutMs(app.ready().listenTimeout().toMillis())
                .shutdownWithMessage(app.ready().shutdownWithMessage())
                .maxMemoryRestart(app.maxMemoryRestart().isPresent() ? app.maxMemoryRestart().getAsLong() : null)
                .cronRestart(app.cronRestart().orElse(null)).watch(app.watch().enabled()).watchPaths(app.watch().paths())
                .watchIgnore(app.watch().ignore()).watchDelayMs(app.watch().delay().toMillis()).instances(app.instances())
                .watchdogMs(app.watchdogMs().isPresent() ? app.watchdogMs().getAsLong() : null)
                .orchestration(orchestration(app, autorestartOverride)).logFiles(app.logFiles()).listen(app.listen())
                .build();
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
