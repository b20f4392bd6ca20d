// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the real {@code bin/velos} launcher against a private runtime directory, as a user would
 * in a terminal. Each test gets its own {@code VELOS_HOME}, so its daemon and files are its own;
 * {@link #close()} kills the daemon (politely, then with SIGKILL) and whatever it left running.
 */
final class VelosCli implements AutoCloseable {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path LAUNCHER = REPO.resolve("bin/velos");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path home;
    private final Map<String, String> env = new HashMap<>();

    /** What one command did. */
    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    VelosCli(Path home) {
        this.home = home;
        env.put("VELOS_HOME", home.toString());
        env.put("NO_COLOR", "1");
        env.remove("VELOS_SOCKET");
    }

    /** Sets {@code key=value} in the environment of every later command (e.g. HOME for startup's paths). */
    VelosCli env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Writes an executable {@code #!/bin/sh} script named {@code name} with {@code body} into {@code dir}. */
    static Path script(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    Path socket() {
        return home.resolve("velos.sock");
    }

    Path logs() {
        return home.resolve("logs");
    }

    Result run(String... args) {
        return run(Duration.ofSeconds(60), args);
    }

    Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile());
        pb.environment().remove("VELOS_SOCKET");
        pb.environment().putAll(env);
        try {
            Path out = Files.createTempFile("velos-out", ".txt");
            Path err = Files.createTempFile("velos-err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("velos " + String.join(" ", args) + " did not finish in " + timeout);
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs a command that must succeed and returns its result. */
    Result ok(String... args) {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("velos " + String.join(" ", args) + " failed: " + r);
        }
        return r;
    }

    Optional<Long> daemonPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(home.resolve("velos.pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The list as JSON, by name. */
    Map<String, JsonNode> list() {
        Map<String, JsonNode> byName = new HashMap<>();
        ok("list", "--json").json().forEach(n -> byName.put(n.get("name").asText(), n));
        return byName;
    }

    @Override
    public void close() {
        Optional<Long> pid = daemonPid();
        if (Files.exists(socket())) {
            run(Duration.ofSeconds(30), "kill");
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
