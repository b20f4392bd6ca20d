// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.velos.model.AppState;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApplyPlanTest {
    private static AppState app(String name, long killTimeout, Map<String, String> env) {
        return new AppState(name, Map.of("script", "app.sh", "kill_timeout", killTimeout), env, true);
    }

    @Test
    void eachAppIsNewChangedUnchangedOrRemoved() {
        List<AppState> wanted = List.of(app("a", 5000, Map.of("X", "1")), app("b", 3000, Map.of()), app("c", 5000, Map.of()));
        List<AppState> running = List.of(app("a", 5000, Map.of("X", "1")), app("b", 5000, Map.of("Y", "2")),
                app("old", 5000, Map.of()));
        ApplyPlan plan = ApplyPlan.of(wanted, running, true, Optional.of(Map.of()));
        assertThat(plan.lines()).containsExactly("= a", "~ b (env, kill_timeout)", "+ c", "- old");
        assertThat(ApplyPlan.of(wanted, running, false, Optional.of(Map.of())).lines()).doesNotContain("- old");
    }

    @Test
    void inheritedVariablesAreNotChanges() {
        AppState wanted = app("a", 5000, Map.of("X", "1"));
        AppState running = app("a", 5000, Map.of("X", "1", "HOME", "/root", "GONE", "v"));
        // The client's environment explains HOME, not GONE (removed from the file).
        assertThat(ApplyPlan.of(List.of(wanted), List.of(running), false, Optional.of(Map.of("HOME", "/x"))).lines())
                .containsExactly("~ a (env)");
        // A client that does not send its environment (REST, MCP) compares the file's variables only.
        assertThat(ApplyPlan.of(List.of(wanted), List.of(running), false, Optional.empty()).lines()).containsExactly("= a");
    }

    @Test
    void aStoppedUnchangedAppIsStartedAndAnEmptyPlanChangesNothing() {
        AppState stopped = new AppState("a", Map.of("script", "app.sh"), Map.of(), false);
        AppState wanted = new AppState("a", Map.of("script", "app.sh"), Map.of(), true);
        ApplyPlan plan = ApplyPlan.of(List.of(wanted), List.of(stopped), false, Optional.empty());
        assertThat(plan.lines()).containsExactly("= a (not running: started)");
        assertThat(plan.isEmpty()).isFalse();
        assertThat(ApplyPlan.of(List.of(wanted), List.of(wanted), false, Optional.empty()).isEmpty()).isTrue();
    }
}
