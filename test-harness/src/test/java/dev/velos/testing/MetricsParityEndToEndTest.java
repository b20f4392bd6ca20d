// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.metrics.v1.Metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One catalogue of process metrics (issue 17): what {@code velos metrics} serves to Prometheus,
 * its OTLP export sends too, with the same descriptions. Before, each exporter listed the metrics
 * itself: OTLP lacked {@code velos_process_ready} and described the crash gauge differently.
 */
class MetricsParityEndToEndTest extends EndToEndTest {
    private static final Pattern HELP = Pattern.compile("^# HELP (velos_process_\\w+) (.*)$", Pattern.MULTILINE);

    @Test
    void prometheusAndOtlpCarryTheSameProcessMetrics() throws Exception {
        velos.ok("start", script("idle.sh", "exec sleep 300").toString(), "--name", "idle");
        try (OtlpReceiver receiver = new OtlpReceiver();
             ServerProcess metrics = ServerProcess.start(velos,
                     Map.of("VELOS_OTEL_ENDPOINT", receiver.endpoint(), "VELOS_OTEL_INTERVAL_MS", "500"), "metrics", "-p", "0")) {
            metrics.output("Prometheus metrics server listening on http://127.0.0.1:");
            await().untilAsserted(() -> assertThat(otlp(receiver)).isNotEmpty());
            Map<String, String> otlp = otlp(receiver);

            String scrape = Http.get(metrics.url("/metrics")).body();
            Map<String, String> prometheus = new java.util.TreeMap<>();
            Matcher m = HELP.matcher(scrape);
            while (m.find()) {
                prometheus.put(m.group(1), m.group(2));
            }
            // The info metric (labels only) is Prometheus's alone: OTLP has resource and attributes for that.
            prometheus.remove("velos_process_info");
            assertThat(prometheus).containsKeys("velos_process_ready", "velos_process_consecutive_crashes",
                    "velos_process_restart_total");
            Set<String> missing = new TreeSet<>(prometheus.keySet());
            missing.removeAll(otlp.keySet());
            assertThat(missing).as("process metrics Prometheus serves that OTLP does not send").isEmpty();
            prometheus.forEach((name, help) -> assertThat(otlp.get(name)).as(name).isEqualTo(help));
        }
    }

    /** The process metrics received over OTLP, name to description. */
    private static Map<String, String> otlp(OtlpReceiver receiver) {
        Map<String, String> out = new java.util.TreeMap<>();
        List<Metric> all = receiver.metrics.stream().flatMap(req -> req.getResourceMetricsList().stream())
                .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream()).toList();
        all.stream().filter(x -> x.getName().startsWith("velos_process_")).forEach(x -> out.put(x.getName(), x.getDescription()));
        return out;
    }
}
