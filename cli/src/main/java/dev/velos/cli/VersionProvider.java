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
 * With {@code --version --verbose} two more lines, which matter when reporting a bug: the Java runtime (version, VM,
 * vendor, where it is and whether it is the one bundled with a release or a JDK of the machine) and whether the JVM
 * runs from velos's AOT cache.
 */
final class VersionProvider implements IVersionProvider {
    /** Set by bin/velos: {@code bundled} (a release's own runtime) or {@code system} (a JDK it found). */
    static final String RUNTIME_PROPERTY = "velos.runtime";
    /** Set by bin/velos: what it did about the AOT cache ({@code on}, {@code off}, {@code missing}, ...). */
    static final String AOT_PROPERTY = "velos.aot";
    /** Set by bin/velos: the cache it looked for. */
    static final String AOT_CACHE_PROPERTY = "velos.aot.cache";

    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() {
        String line = line();
        if (!verbose()) {
            return new String[] {line};
        }
        return new String[] {line, runtime(), aotCache()};
    }

    /** {@code velos 0.1.0 (x86_64-linux)}: all that {@code --version} prints without {@code --verbose}. */
    static String line() {
        return "velos " + version() + " (" + arch() + "-" + os() + ")";
    }

    /** {@code Java 25.0.3+9-LTS (OpenJDK 64-Bit Server VM, Eclipse Adoptium), bundled runtime at /opt/velos/runtime}. */
    static String runtime() {
        String where = switch (System.getProperty(RUNTIME_PROPERTY, "")) {
            case "bundled" -> "bundled runtime at ";
            case "system" -> "system JDK at ";
            default -> "runtime (not chosen by the velos launcher) at ";
        };
        return "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name", "unknown VM") + ", "
                + System.getProperty("java.vendor", "unknown vendor") + "), " + where + System.getProperty("java.home");
    }

    /**
     * Whether the classes come from the AOT cache. The launcher says what it passed; whether the JVM took it only the
     * JVM knows: it silently maps no archive at all when a cache does not match its runtime (the launcher silences the
     * complaint), and {@code java.vm.info} names "sharing" exactly when an archive is mapped, which, with
     * {@code -XX:AOTCache} given, can only be that cache (the runtime's default CDS archive is then not used).
     */
    static String aotCache() {
        String cache = System.getProperty(AOT_CACHE_PROPERTY, "");
        return "AOT cache: " + switch (System.getProperty(AOT_PROPERTY, "")) {
            case "on" -> System.getProperty("java.vm.info", "").contains("sharing") ? "used (" + cache + ")"
                    : "not used: the JVM rejected " + cache + " (made for another runtime or jar; bin/aot-train makes a new one)";
            case "off" -> "not used (VELOS_AOT=off)";
            case "train" -> "being written (" + cache + ")";
            case "missing" -> "not used: there is none at " + cache;
            case "stale" -> "not used: " + cache + " is older than the jar (bin/aot-train makes a new one)";
            case "unusable" -> "not used: its path has a space (" + cache + ")";
            default -> "not used (not started by the velos launcher)";
        };
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
