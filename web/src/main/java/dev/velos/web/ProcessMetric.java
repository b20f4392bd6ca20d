// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.function.ToDoubleFunction;

import dev.velos.ipc.WireTypes;

/**
 * The per-process metrics both exporters publish, the Prometheus scrape ({@link PrometheusMetrics})
 * and the OTLP push ({@link OtelExport}): one name, help text, unit and value each, so the two cannot
 * drift apart (they had: the crash gauge's help differed, and OTLP lacked {@code velos_process_ready}).
 * A counter's name is given without {@code _total}: the Prometheus client appends it, OTLP gets it
 * written out.
 */
enum ProcessMetric {
    CPU_PERCENT("velos_process_cpu_percent", "CPU usage percentage", "%", Kind.GAUGE,
            p -> Math.round(p.cpuPercent() * 10) / 10.0),
    MEMORY_BYTES("velos_process_memory_bytes", "Resident memory in bytes", "By", Kind.WHOLE_GAUGE, p -> p.memoryBytes()),
    UPTIME_SECONDS("velos_process_uptime_seconds", "Process uptime in seconds", "s", Kind.GAUGE, p -> p.uptimeMs() / 1000.0),
    RESTARTS("velos_process_restart", "Total restart count", "", Kind.COUNTER, p -> p.restartCount()),
    STATUS("velos_process_status", "Process status (0=stopped, 1=online, 2=errored)", "", Kind.WHOLE_GAUGE,
            p -> legacyStatus(p.status())),
    CONSECUTIVE_CRASHES("velos_process_consecutive_crashes", "Quick crashes in a row (reset by a long enough run)", "",
            Kind.WHOLE_GAUGE, p -> p.consecutiveCrashes()),
    LAST_EXIT_CODE("velos_process_last_exit_code", "Exit code of the last exit (-1 = none yet or killed by a signal)", "",
            Kind.WHOLE_GAUGE, p -> p.lastSignal() != 0 ? -1 : p.lastExitCode()),
    READY("velos_process_ready", "Whether the process is running and ready (1) or not (0):"
            + " its readiness probe, ready message or NOTIFY_SOCKET said so", "", Kind.WHOLE_GAUGE,
            p -> p.status() == 1 ? 1 : 0);

    /** How a value is published. */
    enum Kind {
        /** A gauge of fractional values. */
        GAUGE,
        /** A gauge of whole numbers (OTLP: a long gauge). */
        WHOLE_GAUGE,
        /** A monotonic count of whole numbers. */
        COUNTER
    }

    private final String metricName;
    private final String help;
    private final String unit;
    private final Kind kind;
    private final ToDoubleFunction<WireTypes.ProcessView> value;

    ProcessMetric(String metricName, String help, String unit, Kind kind, ToDoubleFunction<WireTypes.ProcessView> value) {
        this.metricName = metricName;
        this.help = help;
        this.unit = unit;
        this.kind = kind;
        this.value = value;
    }

    String metricName() {
        return metricName;
    }

    String help() {
        return help;
    }

    /** The UCUM unit OTLP carries ("" when none); Prometheus has it in the name. */
    String unit() {
        return unit;
    }

    Kind kind() {
        return kind;
    }

    double valueOf(WireTypes.ProcessView p) {
        return value.applyAsDouble(p);
    }

    /** REFERENCE §2.2: 0 stopped, 1 running, 2 errored; starting (3) counts as online, waiting (4) as stopped. */
    static int legacyStatus(int status) {
        return switch (status) {
            case 1, 3 -> 1;
            case 2 -> 2;
            default -> 0;
        };
    }
}
