// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.WireTypes;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusMetricsTest {
    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    static WireTypes.ProcessView view(int id, String name, int status, String script, int exitCode, int signal) {
        return new WireTypes.ProcessView(id, name, 4242, status, "x", 1_048_576, 12_345, 2, 12.345, 1, 0, script,
                List.of(), "/tmp", "", 5000, true, 15, 1000, 0, false, exitCode, signal, 0, false, 8000, false, 0, "", "",
                false, List.of(), List.of(), 1000, "", "", Map.of(), 7, 3);
    }

    private static DaemonState state(WireTypes.ProcessView... views) {
        return DaemonState.of(List.of(views), new WireTypes.DaemonStats("0.1.0", 1, 60_500, 30_000_000, 99));
    }

    private static String write(String accept, DaemonState state) throws IOException {
        ExpositionFormatWriter w = FORMATS.findWriter(accept);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out, PrometheusMetrics.collect(state));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textFormatHasEveryMetricWithItsLabels() throws IOException {
        String text = write("text/plain", state(view(3, "api", 1, "server.js", -1, 0)));
        assertThat(text)
                .contains("velos_process_cpu_percent{id=\"3\",instance=\"3\",name=\"api\"} 12.3")
                .contains("velos_process_memory_bytes{id=\"3\",instance=\"3\",name=\"api\"} 1048576.0")
                .contains("velos_process_uptime_seconds{id=\"3\",instance=\"3\",name=\"api\"} 12.345")
                .contains("velos_process_restart_total{id=\"3\",instance=\"3\",name=\"api\"} 2.0")
                .contains("velos_process_status{id=\"3\",instance=\"3\",name=\"api\"} 1.0")
                .contains("velos_process_consecutive_crashes{id=\"3\",instance=\"3\",name=\"api\"} 1.0")
                .contains("velos_process_last_exit_code{id=\"3\",instance=\"3\",name=\"api\"} -1.0")
                .contains("velos_process_log_lines_total{id=\"3\",instance=\"3\",name=\"api\",stream=\"out\"} 7.0")
                .contains("velos_process_log_lines_total{id=\"3\",instance=\"3\",name=\"api\",stream=\"err\"} 3.0")
                .contains("velos_process_info{id=\"3\",instance=\"3\",interpreter=\"\",mode=\"fork\",name=\"api\","
                        + "script=\"server.js\"} 1")
                .contains("velos_daemon_processes 1.0").doesNotContain("velos_daemon_processes_total")
                .contains("velos_daemon_memory_bytes 3.0E7")
                .contains("velos_daemon_uptime_seconds 60.5")
                .contains("velos_daemon_ipc_requests_total 99.0")
                .contains("velos_daemon_up 1.0");
    }

    @Test
    void labelValuesAreEscaped() throws IOException {
        String text = write("text/plain", state(view(1, "odd", 1, "a \"quoted\" back\\slash\nnewline.sh", -1, 0)));
        assertThat(text).contains("script=\"a \\\"quoted\\\" back\\\\slash\\nnewline.sh\"");
    }

    @Test
    void statusKeepsTheZeroOneTwoMappingWithStartingAsOnline() throws IOException {
        String text = write("text/plain", state(view(1, "stopped", 0, "s", 0, 0), view(2, "running", 1, "s", -1, 0),
                view(3, "errored", 2, "s", 3, 0), view(4, "starting", 3, "s", -1, 0)));
        assertThat(text).contains("velos_process_status{id=\"1\",instance=\"1\",name=\"stopped\"} 0.0")
                .contains("velos_process_status{id=\"2\",instance=\"2\",name=\"running\"} 1.0")
                .contains("velos_process_status{id=\"3\",instance=\"3\",name=\"errored\"} 2.0")
                .contains("velos_process_status{id=\"4\",instance=\"4\",name=\"starting\"} 1.0")
                .contains("velos_process_last_exit_code{id=\"3\",instance=\"3\",name=\"errored\"} 3.0");
    }

    @Test
    void aKillBySignalHasNoExitCodeAndClusterInstancesAreClusterMode() throws IOException {
        String text = write("text/plain", state(view(5, "web:1", 2, "s", 0, 9)));
        assertThat(text).contains("velos_process_last_exit_code{id=\"5\",instance=\"5\",name=\"web:1\"} -1.0")
                .contains("mode=\"cluster\"");
    }

    @Test
    void openMetricsIsChosenByAcceptAndEndsWithEof() throws IOException {
        assertThat(FORMATS.findWriter("application/openmetrics-text; version=1.0.0").getContentType())
                .startsWith("application/openmetrics-text; version=1.0.0");
        assertThat(FORMATS.findWriter(null).getContentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String om = write("application/openmetrics-text; version=1.0.0", state(view(1, "api", 1, "s", -1, 0)));
        assertThat(om).contains("# TYPE velos_process_restart counter").endsWith("# EOF\n");
    }

    @Test
    void aDaemonThatDidNotAnswerIsOnlyDaemonUpZero() throws IOException {
        String text = write("text/plain", DaemonState.unavailable("no socket"));
        assertThat(text).contains("velos_daemon_up 0.0").doesNotContain("velos_process_");
    }
}
