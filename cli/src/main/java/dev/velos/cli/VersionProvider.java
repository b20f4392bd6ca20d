// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.Locale;

import dev.velos.model.VelosVersion;

import picocli.CommandLine.IVersionProvider;

/** {@code velos 0.1.0 (x86_64-linux)}, as REFERENCE §8.1; the version is {@link VelosVersion#CURRENT}, as the daemon's ping reports. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"velos " + version() + " (" + arch() + "-" + os() + ")"};
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
