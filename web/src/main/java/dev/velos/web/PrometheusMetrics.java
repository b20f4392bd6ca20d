// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.ArrayList;
import java.util.List;

import dev.velos.ipc.WireTypes;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The Prometheus metrics of REFERENCE §11.1 plus the process and daemon extras, built from one
 * {@link DaemonState} per scrape. Every process sample carries {@code name}, {@code id} and
 * {@code instance} (the id again, kept for dashboards written against the original exporter).
 * The exposition writers escape label values, so any app name is safe.
 */
public final class PrometheusMetrics {
    private PrometheusMetrics() {
    }

    public static MetricSnapshots collect(DaemonState state) {
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(gauge("velos_daemon_up", "Whether the velos daemon answered this scrape (1) or not (0)",
                state.up() ? 1 : 0));
        if (!state.up()) {
            return new MetricSnapshots(out);
        }
        List<WireTypes.ProcessView> ps = state.processes();
        for (ProcessMetric m : ProcessMetric.values()) {
            out.add(m.kind() == ProcessMetric.Kind.COUNTER ? processCounter(m, ps) : processGauge(m, ps));
        }
        out.add(logLines(ps));
        out.add(probeFailures(ps));
        out.add(info(ps));
        // REFERENCE §11.1 calls this gauge velos_daemon_processes_total, but "_total" marks a counter
        // in Prometheus's naming rules (promtool rejects the old name), so it lost the suffix.
        out.add(gauge("velos_daemon_processes", "Number of managed processes", ps.size()));
        WireTypes.DaemonStats d = state.daemon().orElseThrow();
        out.add(gauge("velos_daemon_memory_bytes", "Resident memory of the velos daemon in bytes", d.memoryBytes()));
        out.add(gauge("velos_daemon_uptime_seconds", "Uptime of the velos daemon in seconds", d.uptimeMs() / 1000.0));
        out.add(CounterSnapshot.builder().name("velos_daemon_ipc_requests").help("Requests the daemon's control socket served")
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(d.ipcRequests()).build()).build());
        return new MetricSnapshots(out);
    }

    static Labels labels(WireTypes.ProcessView p) {
        String id = Integer.toString(p.id());
        return Labels.of("name", p.name(), "id", id, "instance", id);
    }

    private static GaugeSnapshot processGauge(ProcessMetric m, List<WireTypes.ProcessView> ps) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(m.metricName()).help(m.help());
        for (WireTypes.ProcessView p : ps) {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(p)).value(m.valueOf(p)).build());
        }
        return b.build();
    }

    private static CounterSnapshot processCounter(ProcessMetric m, List<WireTypes.ProcessView> ps) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(m.metricName()).help(m.help());
        for (WireTypes.ProcessView p : ps) {
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(p)).value(m.valueOf(p)).build());
        }
        return b.build();
    }

    /** Failed probe attempts of each app with a probe, by probe (readiness, liveness), all generations. */
    private static CounterSnapshot probeFailures(List<WireTypes.ProcessView> ps) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name("velos_probe_failures")
                .help("Failed health-probe attempts, by probe (readiness or liveness)");
        for (WireTypes.ProcessView p : ps) {
            for (String probe : List.of("readiness", "liveness")) {
                if (p.orchestrationState().get(probe) instanceof java.util.Map<?, ?> state
                        && state.get("total_failures") instanceof Number failures) {
                    b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(p).add("probe", probe))
                            .value(failures.doubleValue()).build());
                }
            }
        }
        return b.build();
    }

    private static CounterSnapshot logLines(List<WireTypes.ProcessView> ps) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name("velos_process_log_lines")
                .help("Log lines captured since the daemon started, by stream");
        for (WireTypes.ProcessView p : ps) {
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(p).add("stream", "out"))
                    .value(p.logLinesOut()).build());
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(p).add("stream", "err"))
                    .value(p.logLinesErr()).build());
        }
        return b.build();
    }

    private static InfoSnapshot info(List<WireTypes.ProcessView> ps) {
        InfoSnapshot.Builder b = InfoSnapshot.builder().name("velos_process").help("Process metadata");
        for (WireTypes.ProcessView p : ps) {
            b.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels(p)
                    .add("script", nonNull(p.script()))
                    .add("interpreter", nonNull(p.interpreter()))
                    .add("mode", mode(p))).build());
        }
        return b.build();
    }

    /** Cluster instances are named {@code base:N} (DESIGN §4). */
    static String mode(WireTypes.ProcessView p) {
        return p.name().indexOf(':') > 0 ? "cluster" : "fork";
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
