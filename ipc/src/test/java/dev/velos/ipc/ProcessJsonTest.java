// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** The one mapping of a process view to JSON (issue 17): keys, order, what is shown when. */
class ProcessJsonTest {
    private static WireTypes.ProcessView withStatus(WireTypes.ProcessView v, int status, String statusStr) {
        return new WireTypes.ProcessView(v.id(), v.name(), v.pid(), status, statusStr, v.memoryBytes(), v.uptimeMs(),
                v.restartCount(), v.cpuPercent(), v.consecutiveCrashes(), v.lastRestartMs(), v.script(), v.args(), v.cwd(),
                v.interpreter(), v.killTimeoutMs(), v.autorestart(), v.maxRestarts(), v.minUptimeMs(), v.restartDelayMs(),
                v.expBackoff(), v.lastExitCode(), v.lastSignal(), v.startedAtMs(), v.waitReady(), v.listenTimeoutMs(),
                v.shutdownWithMessage(), v.maxMemoryRestart(), v.cronRestart(), v.lastRestartReason(), v.watch(),
                v.watchPaths(), v.watchIgnore(), v.watchDelayMs(), v.statusText(), v.logError(), v.env(), v.logLinesOut(),
                v.logLinesErr(), v.orchestration(), v.orchestrationState());
    }

    @Test
    void aListEntryHasTheReferenceKeysThenWhatIsWrongOnlyWhileItIs() {
        assertThat(ProcessJson.listEntry(WireSamples.STOPPED_VIEW).keySet()).containsExactly("id", "name", "pid", "status",
                "status_str", "memory_bytes", "uptime_ms", "restart_count", "cpu_percent");
        Map<String, Object> full = ProcessJson.listEntry(WireSamples.FULL_VIEW);
        assertThat(full).containsEntry("log_error", "disk full").containsEntry("status", 1).containsEntry("status_str", "online")
                .containsEntry("memory_bytes", 52_428_800L).containsEntry("cpu_percent", 12.75);
    }

    @Test
    void infoIsTheListEntryThenEverySettingAndTheLastExit() {
        Map<String, Object> info = ProcessJson.info(WireSamples.FULL_VIEW, ProcessJson.Env.HIDDEN);
        assertThat(info.keySet()).startsWith(ProcessJson.listEntry(WireSamples.FULL_VIEW).keySet().toArray(String[]::new));
        assertThat(info).containsEntry("last_exit_code", 137).containsEntry("last_signal", 9)
                .containsEntry("log_lines_out", 1234L).containsEntry("log_lines_err", 56L)
                .containsEntry("args", List.of("--port", "8080")).containsEntry("cron_restart", "*/5 * * * *")
                .containsEntry("status_text", "listening on :8080 ✓").doesNotContainKeys("env", "orchestration");
        assertThat(ProcessJson.info(WireSamples.STOPPED_VIEW, ProcessJson.Env.HIDDEN))
                .containsEntry("interpreter", "").containsEntry("last_restart_reason", "").containsEntry("last_exit_code", -1);
    }

    @Test
    void theEnvironmentIsShownOnlyWhenAskedFor() {
        assertThat(ProcessJson.info(WireSamples.FULL_VIEW, ProcessJson.Env.SHOWN))
                .containsEntry("env", Map.of("NODE_ENV", "production"));
        assertThat(ProcessJson.info(WireSamples.FULL_VIEW, ProcessJson.Env.HIDDEN)).doesNotContainKey("env");
        assertThat(ProcessJson.info(WireSamples.STOPPED_VIEW, ProcessJson.Env.SHOWN)).doesNotContainKey("env");
    }

    @Test
    void aStatusWithoutItsNameIsNamedFromItsCode() {
        assertThat(ProcessJson.status(withStatus(WireSamples.STOPPED_VIEW, 3, ""))).isEqualTo("starting");
        assertThat(ProcessJson.status(withStatus(WireSamples.STOPPED_VIEW, 0, null))).isEqualTo("stopped");
        assertThat(ProcessJson.status(withStatus(WireSamples.STOPPED_VIEW, 9, ""))).isEqualTo("unknown");
    }

    @Test
    void aCompactFormPicksAndRenamesInTheOrderGiven() {
        Map<String, Object> full = ProcessJson.info(WireSamples.FULL_VIEW, ProcessJson.Env.HIDDEN);
        assertThat(ProcessJson.pick(full, "uptime_ms", "u", "name", "n", "orchestration", "o"))
                .containsExactly(entry("u", 98_765L), entry("n", "api:1"));
        assertThatThrownBy(() -> ProcessJson.pick(full, "name")).isInstanceOf(IllegalArgumentException.class);
    }
}
