// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ExitStatus;
import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.ResourceLimits;
import dev.velos.model.RunAs;
import dev.velos.sys.Users;
import dev.velos.sys.linux.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * user/group and cgroup v2 limits (issue 19). What needs root or a writable cgroup v2 with the
 * memory controller is skipped, with the reason printed, where the machine has neither; the
 * clear errors for those cases run everywhere they apply.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UsersAndCgroupsTest {
    private final Recorder recorder = new Recorder();
    private Supervisor supervisor = recorder.attach(Supervisor.builder()).build();

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    private static AppSpec as(AppSpec spec, RunAs runAs) {
        return spec.withOrchestration(spec.orchestration().withRunAs(runAs));
    }

    private static AppSpec limited(AppSpec spec, ResourceLimits limits) {
        return spec.withOrchestration(spec.orchestration().withLimits(limits));
    }

    private static void assumeRoot() {
        boolean root = Users.effectiveUid() == 0;
        if (!root) {
            System.out.println("UsersAndCgroupsTest: skipped, needs root (runs as uid " + Users.effectiveUid() + ")");
        }
        assumeTrue(root, "needs root");
    }

    /** The subtree a supervisor here would use, or why there is none (printed when a test is skipped). */
    private static CgroupTree.Detection cgroups() {
        return CgroupTree.detect("velos-test-probe");
    }

    private static boolean memoryControllerOffered(CgroupTree.Detection detection) throws Exception {
        if (!(detection instanceof CgroupTree.Available(CgroupTree tree))) {
            return false;
        }
        Path controllers = tree.subtree().getParent().resolve("cgroup.controllers");
        return List.of(Files.readString(controllers).trim().split("\\s+")).contains("memory");
    }

    private static boolean alive(int pid) {
        return ProcFs.stat(pid).filter(s -> !s.isZombie()).isPresent();
    }

    @Test
    void userNobodyRunsTheChildAsNobodyWithItsGroupsAndHome() {
        assumeRoot();
        supervisor.start(as(Procs.sh("unprivileged", "echo uid=$(id -u) gid=$(id -g) groups=$(id -G) user=$USER home=$HOME; "
                + "exec sleep 60", Procs.NO_RESTART), RunAs.user("nobody"))).join();

        await().until(() -> recorder.texts("unprivileged").stream().anyMatch(l -> l.startsWith("uid=")));
        Users.User nobody = Users.byName("nobody").orElseThrow();
        assertThat(recorder.texts("unprivileged")).contains("uid=" + nobody.uid() + " gid=" + nobody.gid() + " groups="
                + nobody.gid() + " user=nobody home=" + nobody.home());
        ProcessInfo info = supervisor.info("unprivileged").join();
        // The supervisor's pid for the app is the app itself (the trampoline exec'd into it), owned by nobody.
        assertThat(ProcFs.stat(info.pid())).isPresent();
        assertThat(uidOf(info.pid())).isEqualTo(nobody.uid());
    }

    private static int uidOf(int pid) {
        try {
            return (int) Files.getAttribute(Path.of("/proc/" + pid), "unix:uid");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anUnknownUserOrGroupIsAClearErrorBeforeAnythingRuns() {
        assumeRoot();
        assertThatThrownBy(() -> supervisor.start(as(Procs.sh("ghost", "true", Procs.NO_RESTART),
                RunAs.user("no-such-user-velos"))).join())
                .hasCauseInstanceOf(SupervisorException.class).hasMessageContaining("no such user 'no-such-user-velos'");
        assertThatThrownBy(() -> supervisor.start(as(Procs.sh("ghost2", "true", Procs.NO_RESTART),
                new RunAs("nobody", "no-such-group-velos"))).join()).hasMessageContaining("no such group");
        assertThat(supervisor.info("ghost").join().status()).isEqualTo(ProcessStatus.ERRORED);
    }

    @Test
    void aLimitWithoutTheCgroupControllerIsRefusedWithTheReason() throws Exception {
        CgroupTree.Detection detection = cgroups();
        assumeTrue(!memoryControllerOffered(detection), "this machine offers the memory controller; the OOM test covers it");

        assertThatThrownBy(() -> supervisor.start(limited(Procs.sh("capped", "exec sleep 60", Procs.NO_RESTART),
                ResourceLimits.NONE.withMemoryMax(64L << 20))).join())
                .hasCauseInstanceOf(SupervisorException.class)
                .satisfies(e -> {
                    SupervisorException error = (SupervisorException) e.getCause();
                    assertThat(error.code()).isEqualTo(ErrorCode.SPAWN_FAILED);
                    assertThat(error.getMessage()).contains("memory_max", "cgroup");
                });
        assertThat(recorder.events).noneMatch(e -> e instanceof dev.velos.model.ProcessEvent.Started);
    }

    @Test
    void memoryMaxOomKillsAHogInsideItsCgroupAndItIsReported() throws Exception {
        CgroupTree.Detection detection = cgroups();
        if (!memoryControllerOffered(detection)) {
            System.out.println("UsersAndCgroupsTest: OOM test skipped, no writable cgroup v2 with the memory controller here: "
                    + (detection instanceof CgroupTree.Unavailable(String reason) ? reason
                    : "the delegated cgroup does not offer 'memory' (a hybrid cgroup v1/v2 system)"));
        }
        assumeTrue(memoryControllerOffered(detection), "no cgroup v2 memory controller");

        // tail buffers a "line" of /dev/zero that never ends: its memory grows until the kernel kills it.
        supervisor.start(limited(Procs.sh("hog", "exec tail /dev/zero", Procs.NO_RESTART),
                ResourceLimits.NONE.withMemoryMax(32L << 20))).join();

        await().until(() -> supervisor.info("hog").join().lastExit().isKnown());
        ProcessInfo info = supervisor.info("hog").join();
        assertThat(info.lastExit()).isEqualTo(ExitStatus.killed(9));
        assertThat(info.orchestration().oomKills()).isPositive();
        assertThat(info.orchestration().cgroup()).endsWith("/hog");
        assertThat(recorder.orchestration(OrchestrationEvent.OomKilled.class, "hog")).isNotEmpty();
    }

    /**
     * With a cgroup per app, a stop ends what left the process group and dropped the VELOS_APP
     * marker too — which neither the group signal nor the marker sweep can find.
     */
    @Test
    void aStopKillsEverythingInTheAppsCgroupEvenWhatEscapedItsGroupAndMarker() throws Exception {
        CgroupTree.Detection detection = cgroups();
        if (detection instanceof CgroupTree.Unavailable(String reason)) {
            System.out.println("UsersAndCgroupsTest: cgroup.kill test skipped: " + reason);
        }
        assumeTrue(detection instanceof CgroupTree.Available, "no writable cgroup v2");
        supervisor.close();
        supervisor = recorder.attach(Supervisor.builder().cgroupPerApp(true)).build();
        supervisor.start(Procs.sh("escaper", "setsid env -u VELOS_APP sleep 300 & echo escaped=$!; exec sleep 300",
                Procs.NO_RESTART)).join();
        await().until(() -> recorder.texts("escaper").stream().anyMatch(l -> l.startsWith("escaped=")));
        int escaped = Integer.parseInt(recorder.texts("escaper").stream().filter(l -> l.startsWith("escaped="))
                .findFirst().orElseThrow().substring(8));
        ProcessInfo running = supervisor.info("escaper").join();
        assertThat(running.orchestration().cgroup()).endsWith("/escaper");
        assertThat(Files.readString(Path.of(running.orchestration().cgroup(), "cgroup.procs"))).contains(
                Integer.toString(escaped), Integer.toString(running.pid()));
        assertThat(ProcFs.stat(escaped).orElseThrow().pgrp()).isNotEqualTo(running.pid());

        supervisor.stop("escaper").join();

        await().until(() -> !alive(escaped));
        assertThat(CgroupTree.populated(Path.of(running.orchestration().cgroup()))).isFalse();
    }
}
