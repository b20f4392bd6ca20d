// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.velos.ipc.WireTypes.ProcessView;

/**
 * The orchestration part of {@code velos info} (issue 19): dependencies and why the app waits,
 * its probes and where they stand, exit-code policy, its job schedule and last runs, hooks, user
 * and limits. Reads the plain maps of the view ({@code orchestration}: the settings as the TOML
 * file writes them; {@code orchestration_state}: where they stand), as label/value pairs.
 */
final class OrchestrationLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /** A label and its value; a label of "" continues the previous one on its own line. */
    record Line(String label, String value) {
    }

    private OrchestrationLines() {
    }

    static List<Line> of(ProcessView v) {
        Map<String, Object> s = v.orchestration();
        Map<String, Object> st = v.orchestrationState();
        List<Line> out = new ArrayList<>();
        if (s.get("depends_on") instanceof Map<?, ?> deps) {
            List<String> parts = new ArrayList<>();
            deps.forEach((app, condition) -> parts.add(app + " (" + condition + ")"));
            out.add(new Line("Depends on", String.join(", ", parts)));
        }
        if (st.get("waiting_reason") instanceof String reason && !reason.isEmpty()) {
            out.add(new Line("Waiting for", reason));
        }
        probe(out, "Readiness", s.get("readiness"), st.get("readiness"));
        probe(out, "Liveness", s.get("liveness"), st.get("liveness"));
        if (s.get("autorestart") instanceof String mode) {
            out.add(new Line("Restart on", mode));
        }
        if (s.get("stop_exit_codes") instanceof List<?> codes) {
            out.add(new Line("Stop codes", join(codes)));
        }
        if (s.get("stop_signal") != null) {
            out.add(new Line("Stop signal", String.valueOf(s.get("stop_signal"))));
        }
        if (s.get("cron") instanceof String cron) {
            out.add(new Line("Job schedule", cron + " (overlap: " + s.getOrDefault("overlap", "skip") + ")"));
        }
        if (st.get("runs") instanceof List<?> runs && !runs.isEmpty()) {
            out.add(new Line("Job runs", runs.size() + " (newest last)"));
            for (Object r : runs) {
                if (r instanceof Map<?, ?> run) {
                    out.add(new Line("", run(run)));
                }
            }
        }
        for (String hook : List.of("on_crash", "on_errored", "on_restart", "on_ready")) {
            if (s.get(hook) != null) {
                out.add(new Line("Hook " + hook, hook(s.get(hook))));
            }
        }
        if (s.get("webhook") != null) {
            out.add(new Line("Webhook", String.valueOf(s.get("webhook"))));
        }
        if (s.get("user") != null) {
            out.add(new Line("User", s.get("user") + (s.get("group") == null ? "" : ":" + s.get("group"))));
        }
        List<String> limits = new ArrayList<>();
        if (s.get("memory_max") instanceof Number n) {
            limits.add("memory " + Formats.infoMemory(n.longValue()));
        }
        if (s.get("cpu_max") != null) {
            limits.add("cpu " + s.get("cpu_max"));
        }
        if (s.get("pids_max") != null) {
            limits.add("pids " + s.get("pids_max"));
        }
        if (!limits.isEmpty()) {
            out.add(new Line("Limits", String.join(", ", limits)));
        }
        if (st.get("cgroup") instanceof String cgroup) {
            out.add(new Line("Cgroup", cgroup));
        }
        if (st.get("oom_kills") instanceof Number kills) {
            out.add(new Line("OOM kills", kills.toString()));
        }
        if (s.get("start_delay") instanceof Number delay) {
            out.add(new Line("Start delay", delay + " ms"));
        }
        return out;
    }

    private static void probe(List<Line> out, String label, Object setting, Object state) {
        if (!(setting instanceof Map<?, ?> p)) {
            return;
        }
        String check = p.get("http") != null ? "http " + p.get("http")
                : p.get("tcp") != null ? "tcp " + p.get("tcp")
                : "exec " + (p.get("exec") instanceof List<?> cmd ? join(cmd).replace(",", "") : "");
        String every = " every " + p.get("period") + " ms";
        if (!(state instanceof Map<?, ?> s)) {
            out.add(new Line(label, check + every));
            return;
        }
        String result = String.valueOf(s.get("last_result"));
        out.add(new Line(label, check + every + ": " + s.get("state") + (result.isEmpty() ? "" : " (" + result + ")")
                + ", " + s.get("consecutive_failures") + " failure(s) in a row, " + s.get("total_failures") + " in all"));
    }

    private static String run(Map<?, ?> run) {
        long start = run.get("start_ms") instanceof Number n ? n.longValue() : 0;
        long end = run.get("end_ms") instanceof Number n ? n.longValue() : 0;
        StringBuilder b = new StringBuilder(TIME.format(Instant.ofEpochMilli(start))).append("  ")
                .append(run.get("trigger")).append(' ').append(run.get("outcome"));
        if (end > 0) {
            long signal = run.get("signal") instanceof Number n ? n.longValue() : 0;
            b.append(signal > 0 ? ", signal " + signal : ", exit " + run.get("exit_code"))
                    .append(", ").append(run.get("duration_ms")).append(" ms");
        }
        return b.toString();
    }

    private static String hook(Object hook) {
        if (hook instanceof List<?> argv) {
            return String.join(" ", argv.stream().map(String::valueOf).toList());
        }
        if (hook instanceof Map<?, ?> m) {
            return "webhook " + m.get("webhook");
        }
        return String.valueOf(hook);
    }

    private static String join(List<?> items) {
        return String.join(", ", items.stream().map(String::valueOf).toList());
    }
}
