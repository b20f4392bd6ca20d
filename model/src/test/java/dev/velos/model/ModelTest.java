// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelTest {
    @Test
    void backoffTableMatchesTheReference() {
        RestartPolicy p = RestartPolicy.DEFAULT.withExpBackoff(true);
        assertThat(java.util.stream.IntStream.rangeClosed(1, 9).mapToObj(cc -> p.delayAfter(cc).toMillis()).toList())
                .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 15000L);
        RestartPolicy p500 = p.withRestartDelay(Duration.ofMillis(500));
        assertThat(java.util.stream.IntStream.rangeClosed(1, 6).mapToObj(cc -> p500.delayAfter(cc).toMillis()).toList())
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 15000L);
        assertThat(p.delayAfter(1000).toMillis()).isEqualTo(15000L);
        assertThat(p.delayAfter(0)).isEqualTo(Duration.ZERO);
        assertThat(RestartPolicy.DEFAULT.withRestartDelay(Duration.ofMillis(70)).delayAfter(3).toMillis()).isEqualTo(70L);
    }

    @Test
    void namesThatCouldEscapeTheLogDirectoryAreRefused() {
        for (String bad : new String[] {"", ".", "..", "a/b", "../x", "a b", "x".repeat(65), "tab\t", "new\nline", "a:b"}) {
            assertThatThrownBy(() -> AppNames.requireValid(bad)).as(bad).isInstanceOf(VelosException.class)
                    .hasMessageContaining("invalid process name");
        }
        assertThat(AppNames.requireValid("api.v2_x-1")).isEqualTo("api.v2_x-1");
        assertThat(AppNames.requireValid("api:3")).isEqualTo("api:3");
        assertThat(AppNames.baseOf("api:3")).isEqualTo("api");
    }

    @Test
    void specRejectsEmptyScriptsAndBadEnvNames() {
        assertThatThrownBy(() -> AppSpec.of("a", " ")).hasMessageContaining("script must not be empty");
        assertThatThrownBy(() -> AppSpec.builder("a", "x").env("A=B", "1").build()).hasMessageContaining("invalid env name");
        assertThatThrownBy(() -> RestartPolicy.DEFAULT.withMaxRestarts(-2)).hasMessageContaining("max_restarts");
    }

    @Test
    void statusCodesAreTheWireContract() {
        assertThat(ProcessStatus.ofCode(0)).isEqualTo(ProcessStatus.STOPPED);
        assertThat(ProcessStatus.RUNNING.code()).isEqualTo(1);
        assertThat(ProcessStatus.ERRORED.wireName()).isEqualTo("errored");
        assertThat(ProcessStatus.STARTING.code()).isEqualTo(3);
    }

    @Test
    void exitStatusTellsCodeFromSignal() {
        assertThat(ExitStatus.exited(0).isAbnormal()).isFalse();
        assertThat(ExitStatus.exited(2).isAbnormal()).isTrue();
        assertThat(ExitStatus.killed(15).isAbnormal()).isTrue();
        assertThat(ExitStatus.NONE.isKnown()).isFalse();
        assertThat(ExitStatus.killed(9)).hasToString("killed by signal 9");
    }

    @Test
    void memoryStringsFollowTheReference() {
        assertThat(ByteSize.parse("150M")).isEqualTo(157286400L);
        assertThat(ByteSize.parse("1G")).isEqualTo(1073741824L);
        assertThat(ByteSize.parse("512k")).isEqualTo(524288L);
        assertThat(ByteSize.parse(" 1024 ")).isEqualTo(1024L);
        assertThat(ByteSize.parse("100B")).isEqualTo(100L);
        for (String bad : new String[] {"", "abc", "M", "1.5G", "150MB", "-1", "99999999999999999999G"}) {
            assertThatThrownBy(() -> ByteSize.parse(bad)).as(bad).hasMessageContaining("invalid memory format");
        }
    }
}
