// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.velos.model.AppSpec;
import dev.velos.model.ExitCodePolicy;

import static org.assertj.core.api.Assertions.assertThat;

class StartArgsTest {
    /** Old start args (no orchestration field) and new ones without settings read as before. */
    @Test
    void startArgsCarryTheSettingsOnlyWhenThereAreAny() {
        WireTypes.StartArgs plain = new WireTypes.StartArgs("a", "a.sh", List.of(), "/", "", Map.of(), null, null, null,
                null, null, null);
        assertThat(plain.orchestration()).isNull();
        assertThat(plain.withOrchestration(Map.of()).orchestration()).isNull();
        WireTypes.StartArgs with = plain.withOrchestration(Map.of("cron", "* * * * *"));
        byte[] body = Plain.body(new java.util.HashMap<>(Map.of("script", "a.sh", "orchestration", Map.of("cron", "* * * * *"))));
        WireTypes.StartArgs read = WireReader.checked(body).read(ProcessCodecs.START_ARGS);
        assertThat(read.orchestration()).isEqualTo(with.orchestration());
    }

    /** Named construction: what is not set stays absent, and toBuilder keeps every component. */
    @Test
    void theBuilderSetsByNameLeavesTheRestAbsentAndRoundTrips() {
        WireTypes.StartArgs a = WireTypes.StartArgs.builder("api", "server.js").instances(3).killTimeoutMs(900L)
                .logFiles(Map.of()).listen(List.of("tcp://127.0.0.1:8080")).build();
        assertThat(a.name()).isEqualTo("api");
        assertThat(a.instances()).isEqualTo(3);
        assertThat(a.killTimeoutMs()).isEqualTo(900L);
        assertThat(a.args()).isNull();
        assertThat(a.maxRestarts()).isNull();
        assertThat(a.logFiles()).as("empty means the defaults").isNull();
        assertThat(a.toBuilder().build()).isEqualTo(a);
        assertThat(a.withClientEnv(Map.of("X", "1"))).isEqualTo(a.toBuilder().clientEnv(Map.of("X", "1")).build());
    }

    /** The AppSpec → start request mapping (the daemon's state and views) carries every setting. */
    @Test
    void anAppSpecBecomesTheStartRequestThatRecreatesIt() {
        AppSpec spec = AppSpec.builder("api", "server.js").args(List.of("--port", "1")).cwd(Path.of("/srv"))
                .restart(dev.velos.model.RestartPolicy.DEFAULT.withKillTimeout(Duration.ofMillis(1234))).build();
        WireTypes.StartArgs a = WireTypes.StartArgs.of(spec, n -> n == ExitCodePolicy.SIGTERM ? "SIGTERM" : "SIG" + n);
        assertThat(a.name()).isEqualTo("api");
        assertThat(a.args()).containsExactly("--port", "1");
        assertThat(a.cwd()).isEqualTo("/srv");
        assertThat(a.killTimeoutMs()).isEqualTo(1234L);
        assertThat(a.logMaxSize()).isEqualTo(spec.logs().maxBytes());
        assertThat(a.instances()).isNull();
    }
}
