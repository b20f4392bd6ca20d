// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import dev.velos.ipc.WireTypes;
import dev.velos.model.VelosVersion;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableMeasurement;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;

/**
 * OTLP/HTTP export (REFERENCE §11.2, done properly): the Prometheus metrics every
 * {@code interval} (10 s by default), read from the same {@link StateCache} at each collection,
 * and every lifecycle event as a log record with {@code process.name}, {@code process.id},
 * {@code process.pid} and {@code exit.code}. Resource: {@code service.name=velos},
 * {@code service.version}, {@code host.name}.
 */
final class OtelExport implements AutoCloseable {
    static final AttributeKey<String> PROCESS_NAME = AttributeKey.stringKey("process.name");
    static final AttributeKey<Long> PROCESS_ID = AttributeKey.longKey("process.id");
    static final AttributeKey<Long> PROCESS_PID = AttributeKey.longKey("process.pid");
    static final AttributeKey<Long> EXIT_CODE = AttributeKey.longKey("exit.code");
    static final AttributeKey<String> EVENT_NAME = AttributeKey.stringKey("event.name");

    private final SdkMeterProvider meters;
    private final SdkLoggerProvider loggers;
    private final Logger logger;

    OtelExport(String endpoint, Duration interval, StateCache state) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "velos",
                AttributeKey.stringKey("service.version"), VelosVersion.CURRENT,
                AttributeKey.stringKey("host.name"), hostName())));
        meters = SdkMeterProvider.builder().setResource(resource)
                .registerMetricReader(PeriodicMetricReader.builder(
                        OtlpHttpMetricExporter.builder().setEndpoint(base + "/v1/metrics").build())
                        .setInterval(interval).build())
                .build();
        loggers = SdkLoggerProvider.builder().setResource(resource)
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(
                        OtlpHttpLogRecordExporter.builder().setEndpoint(base + "/v1/logs").build())
                        .setScheduleDelay(Duration.ofMillis(Math.min(1000, interval.toMillis()))).build())
                .build();
        logger = loggers.get("dev.velos");
        registerMetrics(meters.get("dev.velos"), state);
    }

    /** One collection reads the state once and records every instrument from it. */
    private static void registerMetrics(Meter meter, StateCache state) {
        Map<ProcessMetric, BiConsumer<Double, Attributes>> perProcess = new EnumMap<>(ProcessMetric.class);
        List<ObservableMeasurement> instruments = new ArrayList<>();
        for (ProcessMetric m : ProcessMetric.values()) {
            perProcess.put(m, instrument(meter, m, instruments));
        }
        ObservableLongMeasurement logLines = meter.counterBuilder("velos_process_log_lines_total")
                .setDescription("Log lines captured since the daemon started, by stream").buildObserver();
        ObservableLongMeasurement processes = meter.gaugeBuilder("velos_daemon_processes").ofLongs()
                .setDescription("Number of managed processes").buildObserver();
        ObservableLongMeasurement daemonMemory = meter.gaugeBuilder("velos_daemon_memory_bytes").ofLongs()
                .setDescription("Resident memory of the velos daemon in bytes").setUnit("By").buildObserver();
        ObservableDoubleMeasurement daemonUptime = meter.gaugeBuilder("velos_daemon_uptime_seconds")
                .setDescription("Uptime of the velos daemon in seconds").setUnit("s").buildObserver();
        ObservableLongMeasurement requests = meter.counterBuilder("velos_daemon_ipc_requests_total")
                .setDescription("Requests the daemon's control socket served").buildObserver();
        instruments.addAll(List.of(logLines, processes, daemonMemory, daemonUptime, requests));
        meter.batchCallback(() -> {
            DaemonState s = state.get();
            if (!s.up()) {
                return;
            }
            for (WireTypes.ProcessView p : s.processes()) {
                Attributes a = Attributes.of(PROCESS_NAME, p.name(), PROCESS_ID, (long) p.id());
                perProcess.forEach((m, record) -> record.accept(m.valueOf(p), a));
                logLines.record(p.logLinesOut(), a.toBuilder().put("stream", "out").build());
                logLines.record(p.logLinesErr(), a.toBuilder().put("stream", "err").build());
            }
            processes.record(s.processes().size());
            WireTypes.DaemonStats d = s.daemon().orElseThrow();
            daemonMemory.record(d.memoryBytes());
            daemonUptime.record(d.uptimeMs() / 1000.0);
            requests.record(d.ipcRequests());
        }, instruments.getFirst(), instruments.subList(1, instruments.size()).toArray(ObservableMeasurement[]::new));
    }

    /** The OTLP instrument of {@code m} (a counter's name with {@code _total}), added to {@code all}; returns its recorder. */
    private static BiConsumer<Double, Attributes> instrument(Meter meter, ProcessMetric m, List<ObservableMeasurement> all) {
        if (m.kind() == ProcessMetric.Kind.COUNTER) {
            ObservableLongMeasurement counter = meter.counterBuilder(m.metricName() + "_total").setDescription(m.help())
                    .buildObserver();
            all.add(counter);
            return (v, a) -> counter.record(v.longValue(), a);
        }
        var gauge = meter.gaugeBuilder(m.metricName()).setDescription(m.help());
        if (!m.unit().isEmpty()) {
            gauge.setUnit(m.unit());
        }
        if (m.kind() == ProcessMetric.Kind.WHOLE_GAUGE) {
            ObservableLongMeasurement whole = gauge.ofLongs().buildObserver();
            all.add(whole);
            return (v, a) -> whole.record(v.longValue(), a);
        }
        ObservableDoubleMeasurement fractional = gauge.buildObserver();
        all.add(fractional);
        return fractional::record;
    }

    /** One lifecycle event as a log record named {@code process.<type>}. */
    void onEvent(WireTypes.EventView e) {
        var record = logger.logRecordBuilder()
                .setTimestamp(e.atMs(), TimeUnit.MILLISECONDS)
                .setSeverity(severity(e.type()))
                .setSeverityText(severity(e.type()).name())
                .setBody("process " + e.name() + " " + e.type() + (e.reason().isEmpty() ? "" : ": " + e.reason()))
                .setAttribute(EVENT_NAME, "process." + e.type())
                .setAttribute(PROCESS_NAME, e.name())
                .setAttribute(PROCESS_ID, (long) e.id());
        if (e.pid() > 0) {
            record.setAttribute(PROCESS_PID, (long) e.pid());
        }
        if (e.exitCode() >= 0 && (e.type().equals("exit") || e.type().equals("crash"))) {
            record.setAttribute(EXIT_CODE, (long) e.exitCode());
        }
        record.emit();
    }

    private static Severity severity(String type) {
        return switch (type) {
            case "crash", "spawn_failed" -> Severity.ERROR;
            case "errored" -> Severity.FATAL;
            case "memory_restart", "restart_scheduled" -> Severity.WARN;
            default -> Severity.INFO;
        };
    }

    /** REFERENCE §11.2: {@code $HOSTNAME}, then {@code $HOST}, then the system's name. */
    private static String hostName() {
        for (String var : new String[] {"HOSTNAME", "HOST"}) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        loggers.forceFlush().join(5, TimeUnit.SECONDS);
        meters.forceFlush().join(5, TimeUnit.SECONDS);
        loggers.shutdown().join(5, TimeUnit.SECONDS);
        meters.shutdown().join(5, TimeUnit.SECONDS);
    }
}
