// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an app fits in a stack (issue 19), everything beyond running one program: what it waits
 * for, how its health is probed, what its exit codes mean, when it runs as a job, what hooks
 * fire, whose it is and what it may use. {@link #DEFAULT} changes nothing about an app.
 *
 * @param dependsOn  {@code depends_on}: app name → condition, in the order written
 * @param readiness  {@code readiness}: decides {@code starting} → {@code running}
 * @param liveness   {@code liveness}: failing past its threshold restarts the app (reason {@code liveness})
 * @param exitCodes  {@code autorestart = "on-failure"}, {@code stop_exit_codes}, {@code stop_signal}
 * @param schedule   {@code cron}, {@code overlap}
 * @param hooks      {@code on_crash}, {@code on_errored}, {@code on_restart}, {@code on_ready}, {@code webhook}
 * @param runAs      {@code user}, {@code group}
 * @param limits     {@code memory_max}, {@code cpu_max}, {@code pids_max}
 * @param startDelay {@code start_delay}: wait this long (once its dependencies hold) before spawning
 */
public record Orchestration(Map<String, DependencyCondition> dependsOn, HealthProbe readiness, HealthProbe liveness,
                            ExitCodePolicy exitCodes, JobSchedule schedule, Hooks hooks, RunAs runAs,
                            ResourceLimits limits, Duration startDelay) {
    public static final Orchestration DEFAULT = new Orchestration(Map.of(), HealthProbe.NONE, HealthProbe.NONE,
            ExitCodePolicy.DEFAULT, JobSchedule.NONE, Hooks.NONE, RunAs.SUPERVISOR, ResourceLimits.NONE, Duration.ZERO);

    public Orchestration {
        // Insertion order is kept: it is the order the user wrote and the order reasons name them in.
        Map<String, DependencyCondition> deps = new LinkedHashMap<>();
        dependsOn.forEach((name, condition) -> deps.put(AppNames.requireValid(name), Objects.requireNonNull(condition)));
        dependsOn = java.util.Collections.unmodifiableMap(deps);
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(exitCodes, "exitCodes");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(runAs, "runAs");
        Objects.requireNonNull(limits, "limits");
        Checks.nonNegative("start_delay", startDelay);
    }

    public Orchestration withDependsOn(Map<String, DependencyCondition> value) {
        return new Orchestration(value, readiness, liveness, exitCodes, schedule, hooks, runAs, limits, startDelay);
    }

    public Orchestration withReadiness(HealthProbe value) {
        return new Orchestration(dependsOn, value, liveness, exitCodes, schedule, hooks, runAs, limits, startDelay);
    }

    public Orchestration withLiveness(HealthProbe value) {
        return new Orchestration(dependsOn, readiness, value, exitCodes, schedule, hooks, runAs, limits, startDelay);
    }

    public Orchestration withExitCodes(ExitCodePolicy value) {
        return new Orchestration(dependsOn, readiness, liveness, value, schedule, hooks, runAs, limits, startDelay);
    }

    public Orchestration withSchedule(JobSchedule value) {
        return new Orchestration(dependsOn, readiness, liveness, exitCodes, value, hooks, runAs, limits, startDelay);
    }

    public Orchestration withHooks(Hooks value) {
        return new Orchestration(dependsOn, readiness, liveness, exitCodes, schedule, value, runAs, limits, startDelay);
    }

    public Orchestration withRunAs(RunAs value) {
        return new Orchestration(dependsOn, readiness, liveness, exitCodes, schedule, hooks, value, limits, startDelay);
    }

    public Orchestration withLimits(ResourceLimits value) {
        return new Orchestration(dependsOn, readiness, liveness, exitCodes, schedule, hooks, runAs, value, startDelay);
    }

    public Orchestration withStartDelay(Duration value) {
        return new Orchestration(dependsOn, readiness, liveness, exitCodes, schedule, hooks, runAs, limits, value);
    }
}
