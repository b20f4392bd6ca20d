// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code <home>/velos.pid} names, checked against {@code /proc} before anyone signals it:
 * {@code velos kill} must be able to end a daemon that no longer answers on its socket, but a
 * pid file outlives its daemon (kill -9, a crash) and the kernel hands its number to the next
 * process. So a pid counts as this directory's daemon only if {@code /proc/<pid>/cmdline} is
 * velos's {@code daemon} command ({@code java … -jar <jar> daemon …}, as bin/velos and the startup
 * units run it, or {@code … dev.velos.cli.VelosCli daemon …}, as auto-start without the launcher
 * does) and the runtime directory it serves — its {@code --state-dir}, else the
 * {@code VELOS_HOME}, else {@code HOME/.velos} of {@code /proc/<pid>/environ}, exactly as
 * {@link DaemonCommand} decides — is {@code home}. An unreadable {@code environ} (another user's
 * process) is not ours. The {@link ProcessHandle} returned keeps the process's start time, so its
 * {@code destroy} never reaches a process that took the pid after the check. Linux only: without
 * {@code /proc} nothing is ever ours, and {@code kill} reports instead of signalling.
 */
final class DaemonPidFile {
    private static final String MAIN_CLASS = "dev.velos.cli.VelosCli";

    private DaemonPidFile() {
    }

    /** What the pid file says. */
    sealed interface Found permits Missing, Gone, Foreign, Ours {
    }

    /** No pid file, or not a number. */
    record Missing() implements Found {
    }

    /** A pid no process has now. */
    record Gone(long pid) implements Found {
    }

    /** A live process that is not this directory's daemon (or cannot be checked): never signalled. */
    record Foreign(long pid) implements Found {
    }

    /** This directory's daemon. */
    record Ours(ProcessHandle process) implements Found {
    }

    static Found read(Path home) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(home.resolve("velos.pid"), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return new Missing();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return new Gone(pid);
        }
        return servedHome(pid).filter(served -> sameDirectory(served, home)).isPresent()
                ? new Ours(process.get()) : new Foreign(pid);
    }

    /** The runtime directory process {@code pid} serves as a velos daemon; empty when it is not one (or is unreadable). */
    static Optional<Path> servedHome(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            List<String> argv = nulSeparated(Files.readAllBytes(proc.resolve("cmdline")));
            int daemon = daemonArgument(argv);
            if (daemon < 0) {
                return Optional.empty();
            }
            Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            String stateDir = optionValue(argv.subList(daemon + 1, argv.size()), "--state-dir");
            if (stateDir != null) {
                return Optional.of(cwd.resolve(stateDir).toAbsolutePath().normalize());
            }
            Map<String, String> env = environment(nulSeparated(Files.readAllBytes(proc.resolve("environ"))));
            String velosHome = env.get("VELOS_HOME");
            if (velosHome != null && !velosHome.isBlank()) {
                return Optional.of(cwd.resolve(velosHome).toAbsolutePath().normalize());
            }
            String userHome = env.get("HOME");
            return userHome == null ? Optional.empty() : Optional.of(cwd.resolve(userHome).resolve(".velos").normalize());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone meanwhile, another user's, or no /proc: not provably ours
        }
    }

    /** The index of the {@code daemon} subcommand right after velos's jar or main class, or -1. */
    private static int daemonArgument(List<String> argv) {
        for (int i = 1; i + 1 < argv.size(); i++) {
            boolean jar = argv.get(i - 1).equals("-jar") && argv.get(i).endsWith(".jar");
            if ((jar || argv.get(i).equals(MAIN_CLASS)) && argv.get(i + 1).equals("daemon")) {
                return i + 1;
            }
        }
        return -1;
    }

    /** {@code option value} or {@code option=value}, as picocli accepts them; null when absent. */
    private static String optionValue(List<String> args, String option) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (args.get(i).startsWith(option + "=")) {
                return args.get(i).substring(option.length() + 1);
            }
        }
        return null;
    }

    private static Map<String, String> environment(List<String> entries) {
        Map<String, String> env = new HashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    private static List<String> nulSeparated(byte[] bytes) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                parts.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            parts.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
        }
        return parts;
    }

    /** Equal paths, or two names of one directory (a symlinked /tmp). */
    private static boolean sameDirectory(Path a, Path b) {
        Path left = a.toAbsolutePath().normalize();
        Path right = b.toAbsolutePath().normalize();
        if (left.equals(right)) {
            return true;
        }
        try {
            return Files.isSameFile(left, right);
        } catch (IOException e) {
            return false;
        }
    }
}
