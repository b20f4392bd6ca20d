// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;


/** What {@code startup} and {@code unstartup} share: which init system, and the settings a service embeds. */
final class StartupSupport {
    private StartupSupport() {
    }

    static final String NONE_DETECTED = "[velos] No supported init system detected (systemd, launchd, openrc)";

    /** The named init system, else the detected one; empty when none is detected. */
    static java.util.Optional<InitSystem> initSystem(String named, AbstractCommand command) {
        if (named != null) {
            return java.util.Optional.of(InitSystem.named(named).orElseThrow(() -> new picocli.CommandLine.ParameterException(
                    command.spec.commandLine(), "unknown init system '" + named + "'; choose one of systemd, launchd, openrc")));
        }
        return InitSystem.detect(System.getProperty("os.name", ""), Files::exists);
    }

    static ServiceSettings settings(CliContext context, boolean system, long maxKillTimeoutMs) {
        String launcher = context.env().get("VELOS_LAUNCHER");
        if (launcher == null || launcher.isBlank()) {
            throw new CliException("cannot tell where the velos launcher is (VELOS_LAUNCHER is not set)",
                    "Run this command through bin/velos or the installed velos.", ExitCode.RUNTIME, null);
        }
        Path userHome = Path.of(context.env().getOrDefault("HOME", System.getProperty("user.home")));
        return new ServiceSettings(Path.of(launcher).toAbsolutePath().normalize(), context.home(), userHome,
                System.getProperty("user.name", "root"), uid(), Path.of(System.getProperty("java.home")), system,
                maxKillTimeoutMs);
    }

    static boolean isRoot() {
        return uid() == 0;
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
