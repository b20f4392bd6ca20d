// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppConfig;
import dev.velos.model.AppDaemon;
import dev.velos.model.AppState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The apply executor over its port, with a daemon held in memory that records what it is asked:
 * config plans and acts with model types only (DESIGN §2), whatever carries the requests.
 */
class ConfigApplyTest {
    @TempDir
    Path dir;

    /** A daemon that runs exactly what {@code start} gave it, as the wanted shape, and notes every call. */
    private static final class RecordingDaemon implements AppDaemon<String> {
        final Map<String, AppState> running = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public List<AppState> apps() {
            return List.copyOf(running.values());
        }

        @Override
        public void start(List<AppConfig> apps, Optional<Map<String, String>> clientEnv) {
            apps.forEach(a -> {
                calls.add("start " + a.name() + " autorestart=" + a.restart().autorestart() + " max_restarts="
                        + a.restart().maxRestarts() + " orchestration=" + a.orchestration().keySet());
                running.put(a.name(), ConfigApply.wanted(a));
            });
        }

        @Override
        public void act(Action action, String name) {
            calls.add(action.name().toLowerCase(java.util.Locale.ROOT) + " " + name);
            if (action == Action.DELETE) {
                running.remove(name);
            }
        }

        @Override
        public void scale(String name, long instances) {
            calls.add("scale " + name + " " + instances);
        }

        @Override
        public void configSet(String name, Map<String, Object> changes) {
            calls.add("config.set " + name + " " + changes);
        }

        @Override
        public List<String> views(List<String> names) {
            return names.stream().filter(running::containsKey).map(n -> "view of " + n).toList();
        }
    }

    private List<AppConfig> apps(String toml) throws Exception {
        Path file = dir.resolve("velos.toml");
        Files.writeString(file, toml);
        return ConfigFiles.read(file, Optional.empty(), Set.of()).apps();
    }

    @Test
    void newAppsStartUnchangedOnesAreLeftAndAChangedSettableOneIsSetInPlace() throws Exception {
        RecordingDaemon daemon = new RecordingDaemon();
        ConfigApply.Options options = new ConfigApply.Options(false, false, ConfigApply.Mode.RESTART, Optional.empty());
        List<AppConfig> first = apps("[apps.api]\nscript = \"api.sh\"\n[apps.worker]\nscript = \"worker.sh\"\n");

        ConfigApply.Result<String> result = ConfigApply.apply(daemon, first, options);
        assertThat(result.plan().lines()).containsExactly("+ api", "+ worker");
        assertThat(result.views()).containsExactly("view of api", "view of worker");
        assertThat(daemon.calls).hasSize(2).allMatch(c -> c.startsWith("start "));

        daemon.calls.clear();
        List<AppConfig> second = apps("[apps.api]\nscript = \"api.sh\"\nkill_timeout = 9000\n[apps.worker]\n"
                + "script = \"worker.sh\"\n");
        result = ConfigApply.apply(daemon, second, options);
        assertThat(result.plan().lines()).containsExactly("~ api (kill_timeout)", "= worker");
        assertThat(daemon.calls).containsExactly("config.set api {kill_timeout=9000}", "restart api");

        daemon.calls.clear();
        assertThat(ConfigApply.apply(daemon, second, new ConfigApply.Options(false, true, ConfigApply.Mode.RESTART,
                Optional.empty())).applied()).isFalse();
        assertThat(daemon.calls).as("a dry run only plans").isEmpty();
    }

    @Test
    void startConfigsOverridesWinOverTheFilesRestartSettings() throws Exception {
        RecordingDaemon daemon = new RecordingDaemon();
        List<AppConfig> file = apps("[apps.api]\nscript = \"api.sh\"\nautorestart = \"on-failure\"\nmax_restarts = 3\n");
        ConfigApply.apply(daemon, file, new ConfigApply.Options(false, false, ConfigApply.Mode.RESTART, Optional.empty(),
                Boolean.FALSE, 7));
        assertThat(daemon.calls).containsExactly("start api autorestart=false max_restarts=7 orchestration=[]");
    }
}
