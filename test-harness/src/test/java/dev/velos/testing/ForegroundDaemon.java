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
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * {@code bin/velos daemon} run by a test as its own child (not auto-started), so the test sees
 * its exit status and its stderr, and can give it an environment (a test hook, a watchdog).
 */
final class ForegroundDaemon implements AutoCloseable {
    private final Process process;
    private final Path stderr;

    private ForegroundDaemon(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** Starts {@code velos daemon <args>} (its stdout and stderr in one file, {@link #stderr()}) for {@code velos}'s runtime directory and waits until it answers. */
    static ForegroundDaemon start(VelosCli velos, Map<String, String> env, String... args) throws IOException {
        return start(velos, env, List.of(), args);
    }

    /** As {@link #start(VelosCli, Map, String...)}, run through {@code wrapper} (e.g. {@code prlimit --nofile=...}). */
    static ForegroundDaemon start(VelosCli velos, Map<String, String> env, List<String> wrapper, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(VelosCli.LAUNCHER.toString(), "daemon"));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("velos-daemon-err", ".txt");
        // stdout too: the JVM reports -XX:+ExitOnOutOfMemoryError's exit there.
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("VELOS_SOCKET");
        pb.environment().put("VELOS_HOME", velos.home.toString());
        pb.environment().putAll(env);
        ForegroundDaemon daemon = new ForegroundDaemon(pb.start(), stderr);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> !daemon.process.isAlive() || daemon.stderr().contains("Initialized. Listening"));
        return daemon;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits (up to {@code timeout}) for the daemon to exit; its status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the daemon did not exit within " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(stderr);
    }
}
