// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running {@code bin/velos api|metrics} started with port 0: waits for its "listening on"
 * line (on stdout or stderr), learns the port from it, and is stopped with SIGTERM on close.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("[Ll]istening on http://[^:]+:(\\d+)");

    final int port;
    private final Process process;
    private final StringBuffer output;

    private ServerProcess(Process process, int port, StringBuffer output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts {@code velos <args>} for {@code velos}'s runtime dir with {@code extraEnv}; fails if it does not listen within 60 s. */
    static ServerProcess start(VelosCli velos, Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>();
        command.add(VelosCli.LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(VelosCli.REPO.toFile());
        pb.environment().remove("VELOS_SOCKET");
        pb.environment().put("VELOS_HOME", velos.home.toString());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putAll(extraEnv);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        StringBuffer output = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        }
        pump(p.getInputStream(), output, port);
        pump(p.getErrorStream(), output, port);
        p.onExit().thenRun(() -> port.completeExceptionally(new AssertionError("velos " + String.join(" ", args)
                + " exited with " + p.exitValue() + " before listening:\n" + output)));
        try {
            return new ServerProcess(p, port.get(60, TimeUnit.SECONDS), output);
        } catch (TimeoutException | InterruptedException e) {
            p.destroyForcibly();
            throw new AssertionError("velos " + String.join(" ", args) + " did not listen within 60 s:\n" + output, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (AssertionError) e.getCause();
        }
    }

    private static void pump(java.io.InputStream in, StringBuffer output, CompletableFuture<Integer> port) {
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // The process is gone; what it printed is in output.
            }
        });
    }

    /** The server's pid (the launcher execs the JVM), e.g. to read its RSS. */
    long pid() {
        return process.pid();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
