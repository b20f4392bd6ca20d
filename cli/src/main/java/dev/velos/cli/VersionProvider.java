// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.Locale;

import dev.velos.model.VelosVersion;

import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code velos 0.1.0 (x86_64-linux)}, as REFERENCE §8.1; the version is {@link VelosVersion#CURRENT}, as the daemon's ping reports.
 * With {@code --version --verbose} a second line names the Java runtime, which matters when reporting a bug.
 */
final class VersionProvider implements IVersionProvider {
    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() {
        String line = "velos " + version() + " (" + arch() + "-" + os() + ")";
        if (!verbose()) {
            return new String[] {line};
        }
        return new String[] {line, "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name", "unknown VM") + ", "
                + System.getProperty("java.vendor", "unknown vendor") + ")"};
    }

    /** Whether the root command's {@code --verbose} was given (subcommands print the short form). */
    private boolean verbose() {
        if (spec == null) {
            return false;
        }
        CommandSpec root = spec.root();
        ParseResult parsed = root.commandLine() == null ? null : root.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption("--verbose");
    }

    static String version() {
        return VelosVersion.CURRENT;
    }

    /** The machine name users know ({@code x86_64}), not the JVM's ({@code amd64}). */
    static String arch() {
        String arch = System.getProperty("os.arch", "unknown");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }

    private static String os() {
        return System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT).replace(' ', '-');
    }
}
