// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;


import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code velos unstartup [systemd|launchd|openrc] [--dry-run]}: stops and removes whatever
 * {@code velos startup} installed (REFERENCE §6.7); every known location is checked, user and
 * system-wide, so the same command undoes either.
 */
@Command(name = "unstartup")
final class UnstartupCommand extends AbstractCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<init>", descriptionKey = "init-system",
            completionCandidates = StartupCommand.InitNames.class)
    String init;

    @Option(names = "--dry-run", descriptionKey = "dry-run")
    boolean dryRun;

    @Override
    int execute() {
        List<ServicePlan> installed = installed();
        if (installed.isEmpty()) {
            out().println("[velos] No startup configuration found — nothing to remove");
            return ExitCode.OK;
        }
        int exit = ExitCode.OK;
        for (ServicePlan plan : installed) {
            exit = Math.max(exit, remove(plan));
        }
        return exit;
    }

    /** The plans whose file exists, for the named init system or for all of them. */
    private List<ServicePlan> installed() {
        List<ServicePlan> plans = new ArrayList<>();
        List<InitSystem> systems = init == null ? List.of(InitSystem.values())
                : List.of(StartupSupport.initSystem(init, this).orElseThrow());
        for (InitSystem system : systems) {
            for (boolean wide : new boolean[] {false, true}) {
                ServicePlan plan = ServiceFiles.plan(system, StartupSupport.settings(context(), wide, 0), context().env());
                if (Files.exists(plan.file()) && plans.stream().noneMatch(p -> p.file().equals(plan.file()))) {
                    plans.add(plan);
                }
            }
        }
        return plans;
    }

    private int remove(ServicePlan plan) {
        if (dryRun) {
            out().println("[velos] Dry run: would run");
            plan.deactivate().forEach(s -> out().println("  " + s.display()));
            out().println("  rm " + plan.file());
            plan.afterRemoval().forEach(s -> out().println("  " + s.display()));
            return ExitCode.OK;
        }
        StepRunner runner = new StepRunner();
        StepRunner.Outcome stopped = runner.run(plan.deactivate());
        if (!stopped.ok()) {
            err().println("[velos] " + stopped.failure());
        }
        try {
            Files.delete(plan.file());
        } catch (IOException | SecurityException e) {
            err().println("[velos] Cannot remove " + plan.file() + ". Try running with sudo.");
            return ExitCode.RUNTIME;
        }
        StepRunner.Outcome after = runner.run(plan.afterRemoval());
        if (!stopped.ok() || !after.ok()) {
            // The file is gone, but the init system may still know the service: say exactly that.
            out().println("[velos] Removed " + plan.file());
            if (!after.ok()) {
                err().println("[velos] " + after.failure());
            }
            return ExitCode.RUNTIME;
        }
        switch (plan.init()) {
            case SYSTEMD -> out().println("[velos] Stopped, disabled and removed " + plan.file());
            case LAUNCHD -> out().println("[velos] Stopped and removed " + plan.file());
            case OPENRC -> {
                out().println("[velos] Removed " + plan.file());
                out().println("  If it is still in a runlevel: rc-update del velos default");
            }
        }
        return ExitCode.OK;
    }
}
