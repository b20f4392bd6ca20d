// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.velos.model.AppSpec;
import dev.velos.model.DependencyCondition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DependencyGraphTest {
    private static AppSpec app(String name, String... deps) {
        Map<String, DependencyCondition> map = new java.util.LinkedHashMap<>();
        for (String dep : deps) {
            map.put(dep, DependencyCondition.STARTED);
        }
        AppSpec spec = AppSpec.of(name, "true");
        return spec.withOrchestration(spec.orchestration().withDependsOn(map));
    }

    @Test
    void aChainIsFineAndAClusterNameMeansEveryInstance() {
        assertThatCode(() -> DependencyGraph.check(List.of(app("db:0"), app("db:1")), List.of(app("api", "db"),
                app("web", "api")), false)).doesNotThrowAnyException();
        assertThat(DependencyGraph.resolve("db", List.of("db:0", "db:1", "dbx"))).containsExactly("db:0", "db:1");
        assertThat(DependencyGraph.resolve("db", List.of("db", "db:1"))).containsExactly("db");
        assertThat(DependencyGraph.dependsOn(app("api", "db"), "db:1")).isTrue();
        assertThat(DependencyGraph.dependsOn(app("api", "db"), "web")).isFalse();
    }

    @Test
    void aCycleIsNamedFromWhereItCloses() {
        assertThatThrownBy(() -> DependencyGraph.check(List.of(), List.of(app("a", "b"), app("b", "c"), app("c", "a")), false))
                .hasMessage("dependency cycle: a -> b -> c -> a; nothing was started");
        assertThatThrownBy(() -> DependencyGraph.check(List.of(app("x", "y:0")), List.of(app("y:0", "x")), false))
                .hasMessageContaining("x -> y:0 -> x");
    }

    @Test
    void unknownNamesAreRefusedUnlessAllowed() {
        assertThatThrownBy(() -> DependencyGraph.check(List.of(), List.of(app("api", "db")), false))
                .hasMessageContaining("'api' depends on 'db', which does not exist");
        assertThatCode(() -> DependencyGraph.check(List.of(), List.of(app("api", "db")), true)).doesNotThrowAnyException();
    }

    @Test
    void anAppCannotDependOnItself() {
        assertThatThrownBy(() -> app("self", "self")).hasMessageContaining("cannot depend on itself");
        assertThatThrownBy(() -> app("self:1", "self")).hasMessageContaining("cannot depend on itself");
    }

    @Test
    void theLongestChainBoundsHowLongAnOrderedShutdownTakes() {
        assertThat(DependencyGraph.longestChain(List.of())).isZero();
        assertThat(DependencyGraph.longestChain(List.of(app("a"), app("b")))).isEqualTo(1);
        assertThat(DependencyGraph.longestChain(List.of(app("db"), app("api", "db"), app("web", "api", "db"), app("x")))).isEqualTo(3);
    }
}
