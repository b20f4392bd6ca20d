// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.velos.model.AppSpec;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigEditorTest {
    private final AppSpec spec = AppSpec.builder("web", "server.sh").cwd(Path.of("/tmp")).env(Map.of("TOKEN", "s3cret", "A", "1"))
            .build();

    @Test
    void changesTheRestartPolicyTriggersAndEnvironment() {
        Map<String, Object> env = new HashMap<>();
        env.put("PORT", 8080);
        env.put("A", null);
        AppSpec changed = ConfigEditor.of(Map.of("max_restarts", 3, "kill_timeout", "700", "max_memory_restart", "150M",
                "cron_restart", "0 3 * * *", "watch", true, "env", env, "args", List.of("--port", "8080"))).applyTo(spec);

        assertThat(changed.restart().maxRestarts()).isEqualTo(3);
        assertThat(changed.restart().killTimeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(changed.triggers().maxMemoryBytes()).isEqualTo(157286400L);
        assertThat(changed.triggers().cronRestart()).isEqualTo("0 3 * * *");
        assertThat(changed.triggers().watch().enabled()).isTrue();
        assertThat(changed.env()).containsOnly(Map.entry("TOKEN", "s3cret"), Map.entry("PORT", "8080"));
        assertThat(changed.args()).containsExactly("--port", "8080");
        assertThat(changed.name()).isEqualTo("web");
    }

    /** Issue 19: restart policy words, stop signal, exit codes and limits are settable; nil goes back to the default. */
    @Test
    void changesTheStackSettingsOverTheCurrentOnes() {
        AppSpec onFailure = ConfigEditor.of(Map.of("autorestart", "on-failure", "stop_signal", "SIGINT",
                "stop_exit_codes", List.of(0, 143), "memory_max", "256M", "cpu_max", "50%")).applyTo(spec);
        assertThat(onFailure.autorestartMode()).isEqualTo(dev.velos.model.AutoRestart.ON_FAILURE);
        assertThat(onFailure.orchestration().exitCodes().stopSignal()).isEqualTo(2);
        assertThat(onFailure.orchestration().exitCodes().stopExitCodes()).containsExactlyInAnyOrder(0, 143);
        assertThat(onFailure.orchestration().limits().memoryMaxBytes()).isEqualTo(256L * 1024 * 1024);

        Map<String, Object> reset = new HashMap<>();
        reset.put("memory_max", null);
        reset.put("autorestart", true);
        AppSpec after = ConfigEditor.of(reset).applyTo(onFailure);
        assertThat(after.autorestartMode()).isEqualTo(dev.velos.model.AutoRestart.ALWAYS);
        assertThat(after.orchestration().limits().memoryMaxBytes()).isZero();
        assertThat(after.orchestration().limits().cpuMaxPercent()).isEqualTo(50);
        assertThat(after.orchestration().exitCodes().stopSignal()).isEqualTo(2);
        assertThatThrownBy(() -> ConfigEditor.of(Map.of("stop_signal", "SIGFOO")).applyTo(spec))
                .hasMessageContaining("unknown signal 'SIGFOO'");
    }

    @Test
    void listenIsSettableAndCheckedByTheStartParser() {
        AppSpec moved = ConfigEditor.of(Map.of("listen", List.of("tcp://127.0.0.1:9090#http", "unix:/run/app.sock")))
                .applyTo(spec);
        assertThat(moved.listen()).extracting(dev.velos.model.ListenAddress::toString)
                .containsExactly("tcp://127.0.0.1:9090#http", "unix:/run/app.sock#unix-app.sock");
        assertThat(ConfigEditor.of(Map.of("listen", List.of())).applyTo(moved).listen()).isEmpty();
        assertThatThrownBy(() -> ConfigEditor.of(Map.of("listen", List.of("udp://x:1"))).applyTo(spec))
                .isInstanceOf(VelosException.class).hasMessageContaining("udp://x:1");
        assertThatThrownBy(() -> ConfigEditor.of(Map.of("listen", "tcp://127.0.0.1:1")).applyTo(spec))
                .hasMessageContaining("listen must be an array of strings");
    }

    @Test
    void settingsListTheEnvironmentByNameOnly() {
        var settings = ConfigEditor.settings(spec);
        assertThat(settings.envKeys()).containsExactly("A", "TOKEN");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void anUnknownKeyListsTheValidOnes() {
        assertThatThrownBy(() -> ConfigEditor.of(Map.of("max_restart", 3))).isInstanceOf(VelosException.class)
                .hasMessageContaining("unknown setting 'max_restart'").hasMessageContaining("max_restarts, min_uptime_ms");
        assertThatThrownBy(() -> ConfigEditor.of(Map.of("script", "x"))).hasMessageContaining("delete it and start it again");
        assertThatThrownBy(() -> ConfigEditor.of(Map.of())).hasMessageContaining("no changes given");
    }

    @Test
    void badValuesSayWhatIsExpected() {
        assertThatThrownBy(() -> ConfigEditor.of(Map.of("kill_timeout_ms", 50)).applyTo(spec))
                .hasMessageContaining("kill_timeout_ms must be >= 100 ms, got 50");
        assertThatThrownBy(() -> ConfigEditor.of(Map.of("autorestart", "yes")).applyTo(spec))
                .hasMessageContaining("invalid autorestart 'yes' (use always, on-failure or never");
        assertThatThrownBy(() -> ConfigEditor.of(Map.of("max_memory_restart", "1.5G")).applyTo(spec))
                .hasMessageContaining("invalid max_memory_restart format: '1.5G'");
        assertThatThrownBy(() -> ConfigEditor.of(Map.of("cron_restart", "0 3 * *")).applyTo(spec))
                .hasMessageContaining("cron_restart must have 5 fields, got 4");
        assertThatThrownBy(() -> ConfigEditor.of(Map.of("cwd", "relative/dir")).applyTo(spec))
                .hasMessageContaining("cwd must be an absolute path");
        assertThatThrownBy(() -> ConfigEditor.of(Map.of("max_restarts", 2.5)).applyTo(spec))
                .hasMessageContaining("max_restarts must be a whole number");
    }
}
