// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrchestrationModelTest {
    @Test
    void theOldConstructorsStillWorkAndMeanNoOrchestration() {
        AppSpec old = new AppSpec("a", "x", List.of(), Path.of("/"), "", Map.of(), AppSpec.NO_INSTANCE, RestartPolicy.DEFAULT,
                ReadyPolicy.NONE, RestartTriggers.NONE);
        assertThat(old.orchestration()).isEqualTo(Orchestration.DEFAULT);
        assertThat(old.toBuilder().build()).isEqualTo(old);
        ProcessInfo info = new ProcessInfo(1, old, ProcessStatus.STOPPED, 0, java.time.Instant.EPOCH, 0, 0, 0,
                java.time.Instant.EPOCH, ExitStatus.NONE, 0, 0, "", "");
        assertThat(info.orchestration()).isEqualTo(OrchestrationInfo.NONE);
    }

    @Test
    void orchestrationTravelsThroughBuilderAndInstances() {
        AppSpec spec = AppSpec.of("api", "x");
        Orchestration o = spec.orchestration().withDependsOn(Map.of("db", DependencyCondition.HEALTHY))
                .withStartDelay(Duration.ofSeconds(2));
        AppSpec with = spec.withOrchestration(o);
        assertThat(with.toBuilder().build().orchestration()).isEqualTo(o);
        assertThat(with.asInstance("api", 2).orchestration()).isEqualTo(o);
    }

    @Test
    void autorestartWordsMapToBothFacts() {
        assertThat(AutoRestart.parse("true")).isEqualTo(AutoRestart.ALWAYS);
        assertThat(AutoRestart.parse("false")).isEqualTo(AutoRestart.NEVER);
        assertThat(AutoRestart.parse("on_failure")).isEqualTo(AutoRestart.ON_FAILURE);
        assertThatThrownBy(() -> AutoRestart.parse("sometimes")).hasMessageContaining("always, on-failure or never");
        AppSpec spec = AppSpec.of("a", "x").withAutorestart(AutoRestart.ON_FAILURE);
        assertThat(spec.restart().autorestart()).isTrue();
        assertThat(spec.orchestration().exitCodes().restartOnFailureOnly()).isTrue();
        assertThat(spec.autorestartMode()).isEqualTo(AutoRestart.ON_FAILURE);
        assertThat(spec.withAutorestart(AutoRestart.NEVER).autorestartMode()).isEqualTo(AutoRestart.NEVER);
    }

    @Test
    void conditionsProbesAndLimitsParse() {
        assertThat(DependencyCondition.parse("completed-successfully")).isEqualTo(DependencyCondition.COMPLETED_SUCCESSFULLY);
        assertThat(ProbeCheck.Tcp.parse("127.0.0.1:5432")).isEqualTo(new ProbeCheck.Tcp("127.0.0.1", 5432));
        assertThat(ProbeCheck.Tcp.parse("[::1]:80").describe()).isEqualTo("[::1]:80");
        assertThat(ProbeCheck.Tcp.parse(":8080").host()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> ProbeCheck.Tcp.parse("host:http")).hasMessageContaining("numeric port");
        assertThat(ProbeCheck.Http.of("http://127.0.0.1:8080/health").accepts(302)).isTrue();
        assertThat(new ProbeCheck.Http(java.net.URI.create("http://h/"), 204).accepts(200)).isFalse();
        assertThatThrownBy(() -> ProbeCheck.Http.of("ftp://x/")).hasMessageContaining("http://");
        assertThat(ResourceLimits.parseCpuMax("50%")).isEqualTo(50);
        assertThat(ResourceLimits.NONE.withCpuMaxPercent(50).cpuMaxLine()).isEqualTo("50000 100000");
        assertThat(ResourceLimits.NONE.withCpuMaxPercent(250).cpuMaxLine()).isEqualTo("250000 100000");
        assertThatThrownBy(() -> ResourceLimits.parseCpuMax("half")).hasMessageContaining("invalid cpu_max");
        assertThat(Overlap.parse("Queue")).isEqualTo(Overlap.QUEUE);
    }

    @Test
    void exitCodesAndWaitingStatus() {
        ExitCodePolicy p = ExitCodePolicy.DEFAULT.withStopExitCodes(Set.of(143));
        assertThat(p.endsCleanly(ExitStatus.exited(143))).isTrue();
        assertThat(p.endsCleanly(ExitStatus.killed(15))).isFalse();
        assertThatThrownBy(() -> p.withStopSignal(0)).hasMessageContaining("stop_signal");
        assertThat(ProcessStatus.ofCode(4)).isEqualTo(ProcessStatus.WAITING);
        assertThat(ProcessStatus.WAITING.wireName()).isEqualTo("waiting");
        assertThat(ProcessStatus.WAITING.isAlive()).isFalse();
    }

    @Test
    void hooksListWhatRunsAtAnEvent() {
        Hooks hooks = Hooks.NONE.with(HookEvent.CRASH, new Hook.Command(List.of("notify")))
                .withWebhook(Hook.Webhook.of("http://127.0.0.1:9/x"));
        assertThat(hooks.at(HookEvent.CRASH)).hasSize(2);
        assertThat(hooks.at(HookEvent.READY)).singleElement().isInstanceOf(Hook.Webhook.class);
        assertThat(Hooks.NONE.any()).isFalse();
        assertThatThrownBy(() -> new RunAs("", "staff")).hasMessageContaining("needs a user");
    }
}
