// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
            // What each side was doing, for a hang seen only on another machine (CI): the server's
            // threads, and this JVM's (virtual ones included, which jstack would not show).
            String diagnosis = "\n--- server threads (jcmd Thread.print)\n" + threads(p.pid(), "Thread.print")
                    + "\n--- test JVM threads\n" + ownThreads();
            p.destroyForcibly();
            throw new AssertionError("velos " + String.join(" ", args) + " did not listen within 60 s:\n" + output + diagnosis, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (AssertionError) e.getCause();
        }
    }

    /**
     * Reads one of the server's streams on a platform thread of its own: a blocking read of a pipe
     * holds a virtual thread's carrier, and a few pumps whose pipes stay open (a daemon the server
     * auto-started keeps a copy) would leave no carrier for the rest of the test JVM.
     */
    private static void pump(java.io.InputStream in, StringBuffer output, CompletableFuture<Integer> port) {
        Thread.ofPlatform().daemon().name("server-output-pump").start(() -> {
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

    /** This JVM's threads, virtual ones included (jcmd Thread.dump_to_file), cut to 20,000 characters. */
    private static String ownThreads() {
        try {
            Path file = java.nio.file.Files.createTempFile("velos-test-threads", ".txt");
            String reply = threads(ProcessHandle.current().pid(), "Thread.dump_to_file", "-overwrite", "-format=text",
                    file.toString());
            String dump = java.nio.file.Files.readString(file);
            java.nio.file.Files.deleteIfExists(file);
            return dump.isEmpty() ? reply : dump.substring(0, Math.min(dump.length(), 20_000));
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        }
    }

    /** {@code jcmd <pid> <command...>}'s output, cut to 20,000 characters; a note when it cannot run. */
    private static String threads(long pid, String... command) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        try {
            Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
            byte[] out = jcmd.getInputStream().readNBytes(20_000);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            jcmd.destroyForcibly();
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(jcmd failed: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
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

    /**
     * What the server printed, once it holds every one of {@code expected} (or after 10 s): the
     * "listening" line ends {@link #start} as soon as one stream shows it, and a line printed
     * just before it on the other stream may still be in its pipe.
     */
    String output(String... expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!java.util.Arrays.stream(expected).allMatch(output.toString()::contains) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
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
