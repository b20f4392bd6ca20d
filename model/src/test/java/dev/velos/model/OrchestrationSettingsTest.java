// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrchestrationSettingsTest {
    private static int signal(String name) {
        return switch (name) {
            case "SIGINT", "2" -> 2;
            case "SIGTERM", "15" -> 15;
            default -> throw new VelosException(dev.velos.model.ErrorCode.INVALID_ARGUMENT, "unknown signal '" + name + "'");
        };
    }

    private static final Map<String, Object> EVERY_KEY = Map.ofEntries(
            Map.entry("depends_on", new LinkedHashMap<>(Map.of("db", "healthy"))),
            Map.entry("readiness", Map.of("http", "http://127.0.0.1:8080/health", "period", "2s", "expect_status", 204L)),
            Map.entry("liveness", Map.of("exec", List.of("true"), "failure_threshold", 5L, "timeout", 300L)),
            Map.entry("autorestart", "on-failure"),
            Map.entry("stop_exit_codes", List.of(0L, 143L)),
            Map.entry("stop_signal", "SIGINT"),
            Map.entry("cron", "*/5 * * * *"),
            Map.entry("overlap", "queue"),
            Map.entry("on_crash", List.of("notify-send", "down")),
            Map.entry("on_errored", Map.of("webhook", "http://127.0.0.1:9000/a")),
            Map.entry("webhook", "http://127.0.0.1:9000/all"),
            Map.entry("hook_timeout", "3s"),
            Map.entry("user", "nobody"),
            Map.entry("group", "nogroup"),
            Map.entry("memory_max", "256M"),
            Map.entry("cpu_max", "50%"),
            Map.entry("pids_max", 100L),
            Map.entry("start_delay", "1m"));

    @Test
    void everyKeyIsReadIntoTheModel() {
        OrchestrationSettings.Parsed p = OrchestrationSettings.parseOrThrow(EVERY_KEY, OrchestrationSettingsTest::signal);
        Orchestration o = p.orchestration();
        assertThat(o.dependsOn()).containsEntry("db", DependencyCondition.HEALTHY);
        assertThat(o.readiness().check()).isEqualTo(new ProbeCheck.Http(java.net.URI.create("http://127.0.0.1:8080/health"), 204));
        assertThat(o.readiness().period()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.liveness().check()).isEqualTo(new ProbeCheck.Exec(List.of("true")));
        assertThat(o.liveness().failureThreshold()).isEqualTo(5);
        assertThat(o.liveness().timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(p.autorestart()).contains(AutoRestart.ON_FAILURE);
        assertThat(o.exitCodes().stopExitCodes()).containsExactlyInAnyOrder(0, 143);
        assertThat(o.exitCodes().stopSignal()).isEqualTo(2);
        assertThat(o.schedule().cron()).isEqualTo("*/5 * * * *");
        assertThat(o.schedule().overlap()).isEqualTo(Overlap.QUEUE);
        assertThat(o.hooks().at(HookEvent.CRASH)).first().isEqualTo(new Hook.Command(List.of("notify-send", "down")));
        assertThat(o.hooks().at(HookEvent.ERRORED)).first().isEqualTo(Hook.Webhook.of("http://127.0.0.1:9000/a"));
        assertThat(o.hooks().webhook()).isEqualTo(Hook.Webhook.of("http://127.0.0.1:9000/all"));
        assertThat(o.hooks().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.runAs().user()).isEqualTo("nobody");
        assertThat(o.runAs().group()).isEqualTo("nogroup");
        assertThat(o.limits().memoryMaxBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(o.limits().cpuMaxPercent()).isEqualTo(50);
        assertThat(o.limits().pidsMax()).isEqualTo(100);
        assertThat(o.startDelay()).isEqualTo(Duration.ofMinutes(1));
    }

    /** What state.bin and the views carry reads back to the same spec. */
    @Test
    void renderReadsBackToTheSameSpec() {
        AppSpec base = AppSpec.of("api", "server.js");
        AppSpec spec = OrchestrationSettings.parseOrThrow(EVERY_KEY, OrchestrationSettingsTest::signal).applyTo(base);
        Map<String, Object> rendered = OrchestrationSettings.render(spec, n -> n == 2 ? "SIGINT" : Integer.toString(n));
        AppSpec again = OrchestrationSettings.parseOrThrow(rendered, OrchestrationSettingsTest::signal).applyTo(base);
        assertThat(again).isEqualTo(spec);
        assertThat(again.autorestartMode()).isEqualTo(AutoRestart.ON_FAILURE);
        assertThat(OrchestrationSettings.render(base, Integer::toString)).isEmpty();
    }

    @Test
    void everyProblemNamesItsKeyPath() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("depends_on", Map.of("db", "ready"));
        bad.put("readiness", Map.of("http", "http://x/", "tcp", "x:1"));
        bad.put("liveness", Map.of("tcp", "127.0.0.1:80", "period", "soon", "colour", "red"));
        bad.put("stop_exit_codes", List.of(0L, 300L));
        bad.put("stop_signal", "SIGFOO");
        bad.put("on_crash", 5L);
        bad.put("cpu_max", "lots");
        bad.put("overlap", "skip");
        bad.put("colour", "red");
        List<String> found = new ArrayList<>();
        OrchestrationSettings.parse(bad, OrchestrationSettingsTest::signal, (path, m) -> found.add(String.join(".", path) + " | " + m));
        assertThat(found).anySatisfy(f -> assertThat(f).startsWith("depends_on.db | ").contains("invalid dependency condition 'ready'"))
                .anySatisfy(f -> assertThat(f).startsWith("readiness | ").contains("exactly one of http, tcp or exec"))
                .anySatisfy(f -> assertThat(f).startsWith("liveness.period | ").contains("\"soon\""))
                .anySatisfy(f -> assertThat(f).startsWith("liveness.colour | ").contains("unknown key 'liveness.colour'"))
                .anySatisfy(f -> assertThat(f).startsWith("stop_exit_codes | ").contains("0-255"))
                .anySatisfy(f -> assertThat(f).startsWith("stop_signal | ").contains("unknown signal 'SIGFOO'"))
                .anySatisfy(f -> assertThat(f).startsWith("on_crash | ").contains("a command"))
                .anySatisfy(f -> assertThat(f).startsWith("cpu_max | ").contains("invalid cpu_max"))
                .anySatisfy(f -> assertThat(f).startsWith("overlap | ").contains("needs cron"))
                .anySatisfy(f -> assertThat(f).startsWith("colour | ").contains("unknown key 'colour'"));
        assertThatThrownBy(() -> OrchestrationSettings.parseOrThrow(bad, OrchestrationSettingsTest::signal))
                .isInstanceOf(VelosException.class).hasMessageContaining("unknown key 'colour'");
    }
}
