// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.velos.model.AppConfig;
import dev.velos.model.RestartPolicy;

/**
 * The settings an export leaves out or only approximates, one line each, so nothing is dropped
 * silently: the renderers put them in the output as comments, and {@code velos export} prints
 * them on stderr.
 */
final class ExportNotes {
    private final String target;
    private final List<String> lines = new ArrayList<>();
    private final List<String> apps = new ArrayList<>();

    ExportNotes(String target) {
        this.target = target;
    }

    /** {@code key} of {@code app} is not (fully) carried to the target, because {@code why}. */
    void add(ExportedApp app, String key, String why) {
        lines.add("app '" + app.name() + "': " + key + ": " + why);
        apps.add(app.name());
    }

    /** The lines about app {@code name}. */
    List<String> about(String name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (apps.get(i).equals(name)) {
                out.add(lines.get(i));
            }
        }
        return out;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Every line prefixed with {@code prefix} ("# "), newline-terminated, under a heading; "" when there are none. */
    String asComments(String prefix) {
        return comments(prefix, lines);
    }

    /** As {@link #asComments} for the lines about app {@code name} only. */
    String asComments(String prefix, String name) {
        return comments(prefix, about(name));
    }

    private String comments(String prefix, List<String> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(prefix).append("Not expressible in ").append(target)
                .append(" (left out or approximated; velos export prints these on stderr too):\n");
        lines.forEach(line -> out.append(prefix).append("  ").append(line).append('\n'));
        return out.toString();
    }

    /** The settings that none of systemd, Compose and Kubernetes has, noted for {@code app}. */
    void common(ExportedApp app) {
        AppConfig c = app.config();
        if (c.watch().enabled()) {
            add(app, "watch", "no file watching in " + target + "; restart the app after a deploy instead");
        }
        TreeSet<String> logKeys = new TreeSet<>(c.logFiles().keySet());
        c.logs().maxSize().ifPresent(x -> logKeys.add("log_max_size"));
        c.logs().retainCount().ifPresent(x -> logKeys.add("log_retain_count"));
        if (!logKeys.isEmpty()) {
            add(app, String.join(", ", logKeys), target + " keeps the app's output itself (its own rotation applies)");
        }
        if (app.settings().hooks().any()) {
            add(app, "hooks (on_crash, on_errored, on_restart, on_ready, webhook)", "no hooks in " + target);
        }
        if (c.ready().shutdownWithMessage()) {
            add(app, "shutdown_with_message", "the app gets " + app.stopSignal() + " instead of the shutdown message");
        }
        RestartPolicy r = c.restart();
        if (r.expBackoff()) {
            add(app, "exp_backoff_restart_delay", "no exponential restart backoff; a fixed delay is used");
        }
        if (r.maxRestarts() != RestartPolicy.DEFAULT.maxRestarts() || !r.minUptime().equals(RestartPolicy.DEFAULT.minUptime())) {
            add(app, "max_restarts, min_uptime", "velos's crash-loop limit has no equivalent here");
        }
        if (!app.settings().startDelay().isZero()) {
            add(app, "start_delay", "not carried (" + app.settings().startDelay().toMillis() + " ms)");
        }
    }
}
