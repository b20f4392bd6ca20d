// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import static dev.velos.daemon.Futures.await;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.velos.ipc.WireTypes;
import dev.velos.model.AppNames;
import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProcessEvent;
import dev.velos.model.VelosException;
import dev.velos.supervisor.ProcessListener;
import dev.velos.supervisor.Supervisor;

/**
 * {@code velos run} (issue 22): the daemon in the foreground with the apps of a file — how velos
 * runs several programs in one container, as {@code pm2-runtime} does. It is the usual daemon (its
 * control socket, so {@code velos list}, {@code logs} and {@code restart} work from {@code docker
 * exec}; its log files), plus:
 * <ul>
 *   <li>the apps start as soon as it listens, and every line they print goes to velos's own stdout
 *       or stderr, prefixed with the app's name or as JSON ({@link RunOutput});</li>
 *   <li>it ends by its exit policy ({@link RunExitPolicy}), with the failing app's code;</li>
 *   <li>SIGTERM, SIGINT and SIGQUIT stop every app gracefully, dependents first, then it exits
 *       (SIGQUIT, which the JVM keeps for thread dumps, through {@link QuitSignal});</li>
 *   <li>as PID 1 of a container it reaps every orphan: the supervisor, a child subreaper, already
 *       reaps what it does not manage (peeking with {@code waitid(WNOWAIT)} so that the exit status
 *       of an app, watched through its pidfd, is never taken); for PID 1 that is every process of
 *       the container whose parent died;</li>
 *   <li>it neither adopts a previous daemon's apps nor restores a saved list: the file says what
 *       runs, and it cannot hand over to a successor ({@code velos daemon restart}), since its
 *       process is the container's.</li>
 * </ul>
 */
public final class ForegroundRun implements ProcessListener {
    /**
     * What to run: {@code apps} in file order, started with {@code env} (velos run's own environment,
     * which a container's {@code -e} settings are in), ending by {@code exitPolicy}, printed as JSON
     * lines when {@code jsonLogs}.
     */
    public record Plan(List<WireTypes.StartArgs> apps, Map<String, String> env, RunExitPolicy exitPolicy, boolean jsonLogs) {
        public Plan {
            apps = List.copyOf(apps);
            env = Map.copyOf(env);
            Objects.requireNonNull(exitPolicy, "exitPolicy");
        }
    }

    /** How long the console may take to print the lines the apps wrote before they stopped. */
    private static final java.time.Duration OUTPUT_DRAIN = java.time.Duration.ofSeconds(5);

    private final Plan plan;
    private final RunMonitor monitor;
    private volatile RunOutput output;
    private volatile Thread printer;

    private ForegroundRun(Plan plan) {
        this.plan = plan;
        this.monitor = new RunMonitor(plan.exitPolicy());
    }

    /** Runs {@code plan}'s apps under a daemon for {@code options} until they end by the exit policy or a signal; the exit code. */
    public static int run(DaemonOptions options, Plan plan) {
        return Daemon.run(options, new ForegroundRun(plan));
    }

    @Override
    public void onEvent(ProcessEvent event) {
        monitor.onEvent(event);
    }

    @Override
    public void onOrchestrationEvent(OrchestrationEvent event) {
        monitor.onOrchestrationEvent(event);
    }

    /**
     * The daemon listens: the output starts following every app, then the apps start; the exit
     * policy is watched from then on. Apps that cannot start are said so on stderr and count as
     * failed (the others run); when none could, velos run ends at once with 1.
     */
    void started(Supervisor supervisor, DaemonCommands commands, AppLogs logs, PrintStream console, Runnable stop) {
        RunOutput out = new RunOutput(System.out, console, plan.jsonLogs(), width());
        output = out;
        printer = Thread.ofPlatform().daemon().name("velos-run-output").start(() -> {
            try {
                logs.followAll(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            commands.startApps(plan.apps(), plan.env());
        } catch (VelosException e) {
            System.err.println("[velos-daemon] velos run: " + e.getMessage());
            if (await(supervisor.list()).isEmpty()) {
                monitor.fail(1);
                Thread.ofPlatform().name("velos-shutdown").start(stop);
                return;
            }
        }
        monitor.start(supervisor, () -> Thread.ofPlatform().name("velos-shutdown").start(stop));
    }

    /** The longest name an app of the file will have (a cluster's instances add {@code :N}). */
    private int width() {
        return plan.apps().stream().mapToInt(a -> a.instances() == null || a.instances() <= 1 ? a.name().length()
                : AppNames.instanceName(a.name(), a.instances() - 1).length()).max().orElse(1);
    }

    /** The daemon begins to stop every app (the policy's decision, a signal, velos kill). */
    void stopping() {
        monitor.stopping();
    }

    /**
     * The daemon has stopped: once the output has printed the apps' last lines (the log store,
     * closed, lets its followers send what they hold, then end them), this is velos run's exit code.
     */
    int exitCode() {
        Thread p = printer;
        if (p != null) {
            try {
                p.join(OUTPUT_DRAIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RunOutput out = output;
        if (out != null) {
            out.close();
        }
        return monitor.exitCode();
    }
}
