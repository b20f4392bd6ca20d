// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.velos.sys.SysConf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/** The /proc readers on this very process, and on a pid no process can have. */
@EnabledOnOs(OS.LINUX)
class ProcFsTest {
    private static final int SELF = (int) ProcessHandle.current().pid();

    @Test
    void rssBytesOfThisJvmIsAWholeNumberOfPagesCloseToVmRss() throws IOException {
        long vmRssBytes = statusKiB("VmRSS") * 1024;

        long rss = ProcFs.rssBytes(SELF).orElseThrow();

        assertThat(rss).isPositive();
        assertThat(rss % SysConf.pageSize()).isZero();
        assertThat(rss).as("statm RSS vs status VmRSS %d", vmRssBytes).isBetween(vmRssBytes / 2, vmRssBytes * 2);
    }

    @Test
    void cpuTicksOfThisJvmGrowWithWork() {
        long before = ProcFs.cpuTicks(SELF).orElseThrow();
        long deadline = System.nanoTime() + 100_000_000L;
        long spin = 0;
        while (System.nanoTime() < deadline) {
            spin++;
        }

        long after = ProcFs.cpuTicks(SELF).orElseThrow();

        assertThat(spin).isPositive();
        assertThat(before).isPositive();
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void startTicksOfThisJvmLieBetweenBootAndNow() throws IOException {
        double uptimeSeconds = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        long nowTicks = (long) Math.ceil(uptimeSeconds * SysConf.clockTicksPerSecond());

        long start = ProcFs.startTicks(SELF).orElseThrow();

        assertThat(start).isPositive().isLessThanOrEqualTo(nowTicks);
        assertThat(ProcFs.startTicks(SELF)).as("stable identity").contains(start);
    }

    @Test
    void readersReturnEmptyForAPidNoProcessCanHave() throws IOException {
        // Not Files.readString: a sysctl file read one byte first reports EOF next ("3" for 32768).
        int impossible = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).getFirst().trim()) + 1;

        assertThat(ProcFs.stat(impossible)).isEmpty();
        assertThat(ProcFs.rssBytes(impossible)).isEmpty();
        assertThat(ProcFs.cpuTicks(impossible)).isEmpty();
        assertThat(ProcFs.startTicks(impossible)).isEmpty();
        assertThat(ProcFs.openFds(impossible)).isEmpty();
    }

    @Test
    void processListingAndGroupMembersIncludeThisJvm() {
        ProcStat self = ProcFs.stat(SELF).orElseThrow();

        assertThat(ProcFs.allProcesses()).extracting(ProcStat::pid).contains(SELF, 1);
        assertThat(ProcFs.processGroupMembers(self.pgrp())).contains(SELF);
        assertThat(ProcFs.openFds(SELF)).contains(0, 1, 2).isSorted();
    }

    private static long statusKiB(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field + ":"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }
}
