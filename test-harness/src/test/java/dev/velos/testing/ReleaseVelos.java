// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A velos installed from a release (the unpacked archive, install.sh's links, the Debian package),
 * run the way a machine without a JDK runs it: the environment holds only {@code PATH=/usr/bin:/bin}
 * (whose {@code java}, if any, is not what velos may use), {@code HOME}, {@code VELOS_HOME} and
 * {@code NO_COLOR} — no {@code JAVA_HOME}, nothing of the build's environment. {@link #close()}
 * stops the daemon it started.
 */
final class ReleaseVelos implements AutoCloseable {
    /** Where {@code make dist} and {@code make deb} leave the release files. */
    static final Path DIST = VelosCli.REPO.resolve("dist");

    final Path command;
    final Path home;
    private final Map<String, String> env = new TreeMap<>();

    /** {@code command}: the velos to run (a launcher or a link to one); {@code dir}: a scratch directory for HOME and VELOS_HOME. */
    ReleaseVelos(Path command, Path dir) throws IOException {
        this.command = command;
        this.home = Files.createDirectories(dir.resolve("velos-home"));
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", dir.toString());
        env.put("VELOS_HOME", home.toString());
        env.put("NO_COLOR", "1");
    }

    /** Also sets {@code key=value} for every later command. */
    ReleaseVelos env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** The one release archive in dist/ ({@code make dist} writes it). */
    static Path archive() throws IOException {
        return single("velos-*-linux-*.tar.gz", "make dist");
    }

    /** The one Debian package in dist/ ({@code make deb} writes it). */
    static Path debianPackage() throws IOException {
        return single("velos_*.deb", "make deb");
    }

    private static Path single(String glob, String make) throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(DIST)) {
            try (var files = Files.newDirectoryStream(DIST, glob)) {
                files.forEach(found::add);
            }
        }
        if (found.size() != 1) {
            throw new AssertionError("expected one " + glob + " in " + DIST + " (run '" + make + "'), found " + found);
        }
        return found.getFirst();
    }

    /** Unpacks {@code archive} into {@code dir} with tar, as a user would; returns the release tree. */
    static Path unpack(Path archive, Path dir) {
        VelosCli.Result tar = Shell.run(List.of("tar", "-xzf", archive.toString(), "-C", dir.toString()));
        if (tar.exit() != 0) {
            throw new AssertionError("cannot unpack " + archive + ": " + tar);
        }
        String name = archive.getFileName().toString().replace(".tar.gz", "");
        return dir.resolve(name);
    }

    VelosCli.Result run(String... args) {
        List<String> argv = new ArrayList<>(List.of(command.toString()));
        argv.addAll(List.of(args));
        return exec(process(argv), Duration.ofSeconds(120));
    }

    /** Runs {@code pb} to its end (stdin empty), its output collected through files so neither stream can block it. */
    static VelosCli.Result exec(ProcessBuilder pb, Duration timeout) {
        try {
            Path out = Files.createTempFile("velos-out", ".txt");
            Path err = Files.createTempFile("velos-err", ".txt");
            try {
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(pb.command() + " did not finish in " + timeout);
                }
                return new VelosCli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + pb.command(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    VelosCli.Result ok(String... args) {
        VelosCli.Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("velos " + String.join(" ", args) + " failed: " + r);
        }
        return r;
    }

    /** {@code velos args} started in the background, with this environment, stdin a pipe, stdout and stderr together. */
    Process start(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(command.toString()));
        argv.addAll(List.of(args));
        return process(argv).redirectErrorStream(true).start();
    }

    /** A process builder for {@code argv} with exactly this environment. */
    ProcessBuilder process(List<String> argv) {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(home.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }

    Optional<Long> daemonPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(home.resolve("velos.pid")).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The program a process runs ({@code /proc/<pid>/exe}) and the files it has mapped. */
    static Path executable(long pid) throws IOException {
        return Path.of("/proc/" + pid + "/exe").toRealPath();
    }

    static String mappedFiles(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/maps"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        Optional<Long> pid = daemonPid();
        if (Files.exists(home.resolve("velos.sock"))) {
            run("kill");
        }
        pid.flatMap(ProcessHandle::of).ifPresent(h -> {
            try {
                h.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }
}
