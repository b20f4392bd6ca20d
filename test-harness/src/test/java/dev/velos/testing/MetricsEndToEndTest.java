// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** {@code velos metrics}: the Prometheus endpoint against a real daemon with real apps (REFERENCE §11.1). */
class MetricsEndToEndTest extends EndToEndTest {
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";

    @Test
    void servesEveryMetricInTheTextFormatWithNameIdAndInstanceLabels() throws Exception {
        velos.ok("start", script("talk.sh", "for i in 1 2 3 4 5; do echo out $i; done; echo bad >&2; exec sleep 300")
                .toString(), "--name", "talk");
        try (ServerProcess metrics = ServerProcess.start(velos, Map.of(), "metrics", "-p", "0")) {
            assertThat(metrics.output("Prometheus metrics server listening on http://127.0.0.1:")).contains("Prometheus metrics server listening on http://127.0.0.1:");
            // The memory gauge is 0 until the supervisor's first sample of the app, which can come after
            // its output on a loaded machine: wait for both before reading the whole page once.
            await().untilAsserted(() -> assertThat(Http.get(metrics.url("/metrics")).body())
                    .contains("velos_process_log_lines_total{id=\"1\",instance=\"1\",name=\"talk\",stream=\"out\"} 5.0")
                    .contains("velos_process_log_lines_total{id=\"1\",instance=\"1\",name=\"talk\",stream=\"err\"} 1.0")
                    .containsPattern("velos_process_memory_bytes\\{id=\"1\",instance=\"1\",name=\"talk\"} [1-9]"));
            Http.Reply r = Http.get(metrics.url("/metrics"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            assertThat(r.body())
                    .contains("# HELP velos_process_cpu_percent CPU usage percentage")
                    .contains("# TYPE velos_process_cpu_percent gauge")
                    .contains("# HELP velos_process_memory_bytes Resident memory in bytes")
                    .contains("# HELP velos_process_uptime_seconds Process uptime in seconds")
                    .contains("# TYPE velos_process_restart_total counter")
                    .contains("velos_process_restart_total{id=\"1\",instance=\"1\",name=\"talk\"} 0.0")
                    .contains("# HELP velos_process_status Process status (0=stopped, 1=online, 2=errored)")
                    .contains("velos_process_status{id=\"1\",instance=\"1\",name=\"talk\"} 1.0")
                    .contains("velos_process_consecutive_crashes{id=\"1\",instance=\"1\",name=\"talk\"} 0.0")
                    .contains("velos_process_last_exit_code{id=\"1\",instance=\"1\",name=\"talk\"} -1.0")
                    .containsPattern("velos_process_info\\{id=\"1\",instance=\"1\",interpreter=\"\",mode=\"fork\","
                            + "name=\"talk\",script=\"[^\"]*talk.sh\"} 1")
                    .containsPattern("velos_process_memory_bytes\\{id=\"1\",instance=\"1\",name=\"talk\"} [1-9]")
                    .contains("velos_daemon_processes 1.0").doesNotContain("velos_daemon_processes_total")
                    .contains("velos_daemon_up 1.0")
                    .containsPattern("velos_daemon_memory_bytes [1-9]")
                    .containsPattern("velos_daemon_uptime_seconds [0-9.]+")
                    .containsPattern("velos_daemon_ipc_requests_total [1-9]");
            assertThat(Http.get(metrics.url("/other")).status()).isEqualTo(404);
        }
    }

    @Test
    void negotiatesOpenMetricsAndEscapesOddLabelValues() throws Exception {
        Path odd = apps.resolve("dir \"quoted\" back\\slash");
        Files.createDirectories(odd);
        velos.ok("start", VelosCli.script(odd, "odd.sh", "exec sleep 300").toString(), "--name", "odd.name_1-x");
        try (ServerProcess metrics = ServerProcess.start(velos, Map.of(), "metrics", "-p", "0")) {
            String text = Http.get(metrics.url("/metrics")).body();
            assertThat(text).contains("name=\"odd.name_1-x\"")
                    .contains("dir \\\"quoted\\\" back\\\\slash/odd.sh\"");
            Http.Reply om = Http.get(metrics.url("/metrics"), "Accept", OPENMETRICS);
            assertThat(om.header("Content-Type")).startsWith("application/openmetrics-text; version=1.0.0");
            assertThat(om.body()).contains("# TYPE velos_process_restart counter")
                    .contains("velos_process_restart_total{id=\"1\",instance=\"1\",name=\"odd.name_1-x\"} 0.0")
                    .contains("# TYPE velos_process info")
                    .endsWith("# EOF\n");
        }
    }

    @Test
    void eachScrapeSeesTheCurrentStateAndAnExitCode() throws Exception {
        try (ServerProcess metrics = ServerProcess.start(velos, Map.of(), "metrics", "-p", "0")) {
            velos.ok("start", script("fail.sh", "sleep 0.2; exit 3").toString(), "--name", "fail", "--no-autorestart");
            await().untilAsserted(() -> assertThat(Http.get(metrics.url("/metrics")).body())
                    .contains("velos_process_status{id=\"1\",instance=\"1\",name=\"fail\"} 2.0")
                    .contains("velos_process_last_exit_code{id=\"1\",instance=\"1\",name=\"fail\"} 3.0"));
            velos.ok("delete", "fail");
            await().untilAsserted(() -> assertThat(Http.get(metrics.url("/metrics")).body())
                    .contains("velos_daemon_processes 0.0").doesNotContain("name=\"fail\""));
        }
    }

    @Test
    void reportsTheDaemonDownInsteadOfFailing() {
        try (ServerProcess metrics = ServerProcess.start(velos, Map.of(), "metrics", "-p", "0")) {
            Http.Reply r = Http.get(metrics.url("/metrics"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("velos_daemon_up 0.0").doesNotContain("velos_process_");
        }
    }

    @Test
    void promtoolAcceptsTheOutput() throws Exception {
        // .ci/run installs promtool (Debian package prometheus); a developer machine without it skips.
        assumeThat(Path.of("/usr/bin/promtool")).as("promtool (Debian package prometheus)").exists();
        velos.ok("start", script("a.sh", "echo hi; exec sleep 300").toString(), "--name", "a");
        velos.ok("start", script("b.sh", "exec sleep 300").toString(), "--name", "b", "-i", "2");
        try (ServerProcess metrics = ServerProcess.start(velos, Map.of(), "metrics", "-p", "0")) {
            // promtool parses the Prometheus text format only (it rejects OpenMetrics' "info" type).
            String body = Http.get(metrics.url("/metrics"), "Accept", "text/plain").body();
            Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
            p.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String verdict = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // No finding at all: promtool prints nothing and exits 0 (3 would be lint warnings only).
            assertThat(verdict).as(body).isEmpty();
            assertThat(p.exitValue()).as(verdict).isZero();
        }
    }

    /** A port another server holds is a clear error, exit 1. */
    @Test
    void aBusyPortIsAClearError() throws IOException {
        try (ServerProcess first = ServerProcess.start(velos, Map.of(), "metrics", "-p", "0")) {
            VelosCli.Result r = velos.run("metrics", "-p", Integer.toString(first.port));
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("Error: cannot listen");
        }
    }
}
