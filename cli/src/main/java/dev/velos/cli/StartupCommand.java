// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code velos startup [systemd|launchd|openrc] [--user|--system] [--dry-run]}: a service that
 * runs {@code velos daemon --resurrect} at boot (REFERENCE §6.7). A daemon already running for
 * this runtime directory is handed over: its list is saved, it stops, and the service's daemon
 * brings the apps back. Success is reported only when the init system's commands succeeded.
 */
@Command(name = "startup")
final class StartupCommand extends AbstractCommand {
    private static final Duration SERVICE_UP_WAIT = Duration.ofSeconds(20);

    @Parameters(index = "0", arity = "0..1", paramLabel = "<init>", descriptionKey = "init-system",
            completionCandidates = InitNames.class)
    String init;

    @ArgGroup(exclusive = true)
    Scope scope;

    @Option(names = "--dry-run", descriptionKey = "dry-run")
    boolean dryRun;

    /** {@code --user} or {@code --system}, at most one. */
    static final class Scope {
        @Option(names = "--user", descriptionKey = "scope-user")
        boolean user;

        @Option(names = "--system", descriptionKey = "scope-system")
        boolean system;
    }

    /** The init systems' names, for completion. */
    static final class InitNames extends java.util.ArrayList<String> {
        InitNames() {
            super(List.of("systemd", "launchd", "openrc"));
        }
    }

    @Override
    int execute() {
        java.util.Optional<InitSystem> detected = StartupSupport.initSystem(init, this);
        if (detected.isEmpty()) {
            err().println(StartupSupport.NONE_DETECTED);
            return ExitCode.RUNTIME;
        }
        InitSystem system = detected.get();
        ServiceSettings settings = StartupSupport.settings(context(), system == InitSystem.OPENRC || scope != null && scope.system
                || scope == null && system == InitSystem.SYSTEMD && StartupSupport.isRoot(), maxKillTimeout());
        ServicePlan plan = ServiceFiles.plan(system, settings, context().env());
        if (dryRun) {
            printDryRun(plan);
            return ExitCode.OK;
        }
        if (!write(plan)) {
            return ExitCode.RUNTIME;
        }
        // Every step but the last prepares (daemon-reload, rc-update add); the last starts the service's
        // daemon, which must own the runtime directory: only then does the running daemon hand over.
        List<ServicePlan.Step> steps = plan.activate();
        StepRunner runner = new StepRunner();
        StepRunner.Outcome outcome = runner.run(steps.subList(0, steps.size() - 1));
        if (outcome.ok()) {
            boolean handedOver = handOverRunningDaemon();
            outcome = runner.run(steps.subList(steps.size() - 1, steps.size()));
            if (!outcome.ok() && handedOver) {
                takeBack();
            }
        }
        if (!outcome.ok()) {
            err().println("[velos] " + outcome.failure());
            err().println("[velos] The service file is in place; start it by hand:");
            steps.forEach(s -> err().println("  " + s.display()));
            return ExitCode.RUNTIME;
        }
        out().println("[velos] Daemon enabled and started via " + label(system)
                + (outcome.usedFallback() ? " (legacy)" : ""));
        saveList();
        return ExitCode.OK;
    }

    private static String label(InitSystem system) {
        return switch (system) {
            case SYSTEMD -> "systemd";
            case LAUNCHD -> "launchd";
            case OPENRC -> "OpenRC";
        };
    }

    private long maxKillTimeout() {
        try (VelosClient client = VelosClient.connect(context().socket(), context().readTimeout())) {
            return client.list().stream().mapToLong(ProcessView::killTimeoutMs).max().orElse(5000);
        } catch (IpcException notRunning) {
            return 5000;
        }
    }

    /**
     * The file on stdout and nothing else, so {@code velos startup --dry-run > velos-daemon.service}
     * writes a valid unit (issue 16.5); where it would go and what to run next on stderr.
     */
    private void printDryRun(ServicePlan plan) {
        PrintWriter err = err();
        err.println("[velos] Dry run: nothing is written or started.");
        err.println("[velos] Would write " + plan.file() + (plan.executable() ? " (mode 0755)" : "")
                + " with the text printed on stdout:");
        err.flush();
        out().print(plan.content());
        out().flush();
        err.println("[velos] Then run:");
        plan.activate().forEach(s -> err.println("  " + s.display()
                + (s.fallback().isEmpty() ? "" : "   (if that fails: " + String.join(" ", s.fallback()) + ")")));
        if (Files.exists(context().socket())) {
            err.println("[velos] The daemon running now would save its list and stop; the service's daemon brings the processes back.");
        }
        err.println("[velos] And save the process list (velos save).");
    }

    /** The running daemon, if any, saves its list (dump.bin) and stops; returns whether there was one. */
    private boolean handOverRunningDaemon() {
        try (VelosClient client = VelosClient.connect(context().socket(), context().timeout())) {
            client.save();
            out().println("[velos] Handing the running daemon over to the init system (its processes restart under it)");
            client.kill();
        } catch (IpcException notRunning) {
            return false;
        }
        long deadline = System.nanoTime() + SERVICE_UP_WAIT.toNanos();
        while (Files.exists(context().socket()) && System.nanoTime() < deadline) {
            sleep();
        }
        return true;
    }

    /** The service did not start: a daemon of our own brings back the list the old one saved. */
    private void takeBack() {
        try (VelosClient client = ClientCommand.connectStarting(context(), err(), context().timeout())) {
            var restored = client.resurrect();
            err().println("[velos] The service did not start; restored " + restored.started().size()
                    + " process(es) under a daemon started the usual way");
        } catch (RuntimeException e) {
            err().println("[velos] The service did not start, and restoring the processes failed: " + describe(e)
                    + " (run 'velos resurrect')");
        }
    }

    private boolean write(ServicePlan plan) {
        Path file = plan.file();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, plan.content());
            if (plan.executable()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException | SecurityException e) {
            if (plan.init() == InitSystem.OPENRC) {
                Path fallback = Path.of("/tmp/velos-openrc-init");
                try {
                    Files.writeString(fallback, plan.content());
                    err().println("[velos] Cannot write " + file + " (" + e.getMessage() + "); the script is in " + fallback);
                    err().println("  Install it as root: sudo install -m 0755 " + fallback + " " + file
                            + " && sudo rc-update add velos default && sudo rc-service velos start");
                    return false;
                } catch (IOException ignored) {
                    // fall through to the general message
                }
            }
            err().println("Error: cannot write " + file + ": " + e.getMessage());
            err().println("  " + (file.startsWith("/etc") ? "Run it with sudo, or use --user." : "Check the directory's permissions."));
            return false;
        }
        out().println("[velos] " + switch (plan.init()) {
            case SYSTEMD -> "Systemd unit";
            case LAUNCHD -> "Launchd plist";
            case OPENRC -> "OpenRC script";
        } + " written to " + file);
        return true;
    }

    /** Waits for the service's daemon and saves the list there; never starts a daemon of its own. */
    private void saveList() {
        long deadline = System.nanoTime() + SERVICE_UP_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (VelosClient client = VelosClient.connect(context().socket(), context().timeout())) {
                client.save();
                out().println("[velos] Process list saved automatically");
                return;
            } catch (IpcException notYet) {
                sleep();
            }
        }
        out().println("[velos] Daemon not running — skipping auto-save");
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
