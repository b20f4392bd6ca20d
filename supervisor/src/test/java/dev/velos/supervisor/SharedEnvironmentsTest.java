// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.ProcessInfo;

import static org.assertj.core.api.Assertions.assertThat;

/** Apps started with equal environments share one map in the table (issue 15: per-app memory). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SharedEnvironmentsTest {

    /** A client environment as each request decodes it: equal contents, fresh strings and map every time. */
    private static Map<String, String> clientEnvironment(String extra) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            env.put(new String("VAR_" + i), new String("value of variable " + i));
        }
        if (!extra.isEmpty()) {
            env.put("OWN", extra);
        }
        return env;
    }

    private static AppSpec spec(String name, Map<String, String> env) {
        return AppSpec.builder(name, "/bin/sh").args(List.of("-c", "sleep 30")).env(env)
                .restart(Procs.NO_RESTART).build();
    }

    @Test
    void equalEnvironmentsAreOneMapAndOthersStayTheirOwn() {
        try (Supervisor supervisor = Supervisor.builder().build()) {
            supervisor.register(spec("a", clientEnvironment(""))).join();
            supervisor.register(spec("b", clientEnvironment(""))).join();
            supervisor.start(spec("c", clientEnvironment(""))).join();
            supervisor.register(spec("own", clientEnvironment("x"))).join();

            Map<String, ProcessInfo> byName = new LinkedHashMap<>();
            supervisor.list().join().forEach(p -> byName.put(p.name(), p));
            Map<String, String> a = byName.get("a").spec().env();
            assertThat(byName.get("b").spec().env()).isSameAs(a);
            assertThat(byName.get("c").spec().env()).isSameAs(a);
            assertThat(byName.get("own").spec().env()).isNotSameAs(a).containsEntry("OWN", "x").hasSize(41);
            assertThat(a).isEqualTo(clientEnvironment(""));
        }
    }

    @Test
    void aSharedSpecIsEqualToTheOneGiven() {
        SharedEnvironments environments = new SharedEnvironments();
        AppSpec first = spec("a", clientEnvironment(""));
        AppSpec second = spec("a", clientEnvironment(""));
        assertThat(environments.share(first)).isSameAs(first);
        AppSpec shared = environments.share(second);
        assertThat(shared).isEqualTo(second);
        assertThat(shared.env()).isSameAs(first.env());
    }
}
