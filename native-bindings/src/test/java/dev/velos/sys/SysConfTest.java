// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** sysconf values the /proc readers scale by. */
@EnabledOnOs(OS.LINUX)
class SysConfTest {

    @Test
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
    void pageSizeIs4096OnX86_64() {
        assertThat(SysConf.pageSize()).isEqualTo(4096);
    }

    @Test
    void clockTicksPerSecondIsPositiveAndMatchesADirectSysconf() {
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);

            assertThat(SysConf.clockTicksPerSecond()).isPositive()
                    .isEqualTo(SysConf.sysconf(cs, SysConf._SC_CLK_TCK));
            assertThat(SysConf.pageSize()).isEqualTo(SysConf.sysconf(cs, SysConf._SC_PAGESIZE));
        }
    }

    @Test
    void onlineProcessorsAreAtLeastWhatTheJvmMayUse() {
        try (Arena arena = Arena.ofConfined()) {
            long online = SysConf.sysconf(CallState.allocate(arena), SysConf._SC_NPROCESSORS_ONLN);

            assertThat(online).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void unknownNameFailsWithEinval() {
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);

            assertThatThrownBy(() -> SysConf.sysconf(cs, -1))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        }
    }
}
