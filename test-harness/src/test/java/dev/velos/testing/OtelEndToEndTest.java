// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code --otel-endpoint}: the metrics and a real crash reach an OTLP/HTTP receiver (REFERENCE
 * §11.2). The export interval is shortened through the hidden {@code VELOS_OTEL_INTERVAL_MS}.
 */
class OtelEndToEndTest extends EndToEndTest {
    @Test
    void exportsMetricsAndACrashEventOverOtlpHttp() throws Exception {
        velos.ok("list"); // the daemon runs before the exporter subscribes to its events
        try (OtlpReceiver receiver = new OtlpReceiver();
             ServerProcess api = ServerProcess.start(velos, Map.of("VELOS_OTEL_INTERVAL_MS", "500"),
                     "api", "-p", "0", "--otel-endpoint", receiver.endpoint())) {
            assertThat(api.output("OpenTelemetry exporter configured → " + receiver.endpoint())).contains("OpenTelemetry exporter configured → " + receiver.endpoint());
            velos.ok("start", script("crash.sh", "sleep 0.3; echo dying >&2; exit 7").toString(), "--name", "crasher",
                    "--no-autorestart");

            await().untilAsserted(() -> assertThat(crashRecord(receiver)).isPresent());
            LogRecord crash = crashRecord(receiver).orElseThrow();
            assertThat(attribute(crash.getAttributesList(), "process.name").getStringValue()).isEqualTo("crasher");
            assertThat(attribute(crash.getAttributesList(), "exit.code").getIntValue()).isEqualTo(7);
            assertThat(attribute(crash.getAttributesList(), "process.pid").getIntValue()).isPositive();
            assertThat(attribute(crash.getAttributesList(), "process.id").getIntValue()).isEqualTo(1);
            assertThat(eventNames(receiver)).contains("process.start", "process.crash");

            await().untilAsserted(() -> assertThat(metricNames(receiver)).contains("velos_process_memory_bytes",
                    "velos_process_status", "velos_process_restart_total", "velos_process_log_lines_total",
                    "velos_daemon_memory_bytes", "velos_daemon_ipc_requests_total"));
            Resource resource = receiver.metrics.getFirst().getResourceMetrics(0).getResource();
            assertThat(attribute(resource.getAttributesList(), "service.name").getStringValue()).isEqualTo("velos");
            assertThat(attribute(resource.getAttributesList(), "host.name").getStringValue()).isNotBlank();
            await().untilAsserted(() -> assertThat(statusOf(receiver, "crasher")).contains(2L));
            assertThat(receiver.contentTypes).allMatch(t -> t.startsWith("application/x-protobuf"));
        }
    }

    @Test
    void velosMetricsExportsToTheEndpointFromTheEnvironment() throws Exception {
        velos.ok("start", script("idle.sh", "exec sleep 300").toString(), "--name", "idle");
        try (OtlpReceiver receiver = new OtlpReceiver();
             ServerProcess metrics = ServerProcess.start(velos,
                     Map.of("VELOS_OTEL_ENDPOINT", receiver.endpoint(), "VELOS_OTEL_INTERVAL_MS", "500"), "metrics", "-p", "0")) {
            assertThat(metrics.output("OpenTelemetry exporter configured → " + receiver.endpoint())).contains("OpenTelemetry exporter configured → " + receiver.endpoint());
            await().untilAsserted(() -> assertThat(statusOf(receiver, "idle")).contains(1L));
            assertThat(metricNames(receiver)).contains("velos_process_uptime_seconds", "velos_daemon_uptime_seconds");
        }
    }

    private static Optional<LogRecord> crashRecord(OtlpReceiver receiver) {
        return records(receiver).filter(r -> r.getAttributesList().stream()
                .anyMatch(kv -> kv.getKey().equals("event.name") && kv.getValue().getStringValue().equals("process.crash")))
                .findFirst();
    }

    private static List<String> eventNames(OtlpReceiver receiver) {
        return records(receiver).map(r -> attribute(r.getAttributesList(), "event.name").getStringValue()).toList();
    }

    private static Stream<LogRecord> records(OtlpReceiver receiver) {
        return receiver.logs.stream().flatMap(req -> req.getResourceLogsList().stream())
                .flatMap(rl -> rl.getScopeLogsList().stream()).flatMap(sl -> sl.getLogRecordsList().stream());
    }

    private static Stream<Metric> metrics(OtlpReceiver receiver) {
        return receiver.metrics.stream().flatMap(req -> req.getResourceMetricsList().stream())
                .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream());
    }

    private static List<String> metricNames(OtlpReceiver receiver) {
        return metrics(receiver).map(Metric::getName).distinct().toList();
    }

    /** The last exported {@code velos_process_status} of {@code name}. */
    private static Optional<Long> statusOf(OtlpReceiver receiver, String name) {
        return metrics(receiver).filter(m -> m.getName().equals("velos_process_status"))
                .flatMap(m -> m.getGauge().getDataPointsList().stream())
                .filter(p -> attribute(p.getAttributesList(), "process.name").getStringValue().equals(name))
                .map(p -> p.getAsInt()).reduce((a, b) -> b);
    }

    private static AnyValue attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).map(KeyValue::getValue).findFirst()
                .orElse(AnyValue.getDefaultInstance());
    }
}
