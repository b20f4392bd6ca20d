// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.velos.sys.linux.ProcFs;

/**
 * {@link HandoverDaemonMain} in a second JVM, for the hand-over and crash tests: its output lines
 * as they come, commands on its stdin, and a cleanup that kills whatever of the test is left
 * (the daemon, its successor, the apps) by the pids they reported.
 */
final class DaemonJvm implements AutoCloseable {
    final Path runtime;
    final Path log;
    final Path apps;
    final Path status;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder transcript = new StringBuilder();
    /** App name → pid, from the ready line. */
    final Map<String, Integer> pids = new HashMap<>();
    int port;

    DaemonJvm(Path dir, int printerLines) throws IOException {
        runtime = Files.createDirectories(dir.resolve("runtime"));
        apps = Files.createDirectories(dir.resolve("apps"));
        status = Files.createDirectories(dir.resolve("status"));
        log = dir.resolve("all.log");
        HandoverApps.writeScripts(apps);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), HandoverDaemonMain.class.getName(), runtime.toString(), log.toString(),
                apps.toString(), status.toString(), Integer.toString(printerLines)).redirectErrorStream(true).start();
        Thread.ofPlatform().daemon(true).name("daemon-jvm-out").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (transcript) {
                        transcript.append(line).append('\n');
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("output lost: " + e);
            }
        });
    }

    /** Waits for the ready line and records the pids and the port. */
    void awaitReady() throws InterruptedException {
        String ready = next(Duration.ofSeconds(60), "ready");
        for (String part : ready.substring("ready ".length()).split(" ")) {
            String[] kv = part.split("=");
            if (kv[0].equals("port")) {
                port = Integer.parseInt(kv[1]);
            } else {
                pids.put(kv[0], Integer.parseInt(kv[1]));
            }
        }
    }

    /** The next output line starting with {@code prefix} (others are skipped), or a failure with the transcript. */
    String next(Duration timeout, String... prefixes) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no line starting with " + List.of(prefixes) + " within " + timeout + "; output:\n"
                        + transcript());
            }
            for (String prefix : prefixes) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }
    }

    void send(String command) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    Process process() {
        return process;
    }

    String transcript() {
        synchronized (transcript) {
            return transcript.toString();
        }
    }

    /** Lines of the shared log file. */
    List<String> logLines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    static boolean alive(int pid) {
        return ProcFs.stat(pid).filter(s -> !s.isZombie()).isPresent();
    }

    @Override
    public void close() throws IOException {
        Files.writeString(status.resolve("stop"), "");
        process.destroyForcibly();
        // The successor stops its apps when it sees the stop file; whatever is still alive after that goes by SIGKILL.
        Path successor = status.resolve("successor.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Stream<Integer> successorPid = Files.exists(successor) ? Stream.of(Files.readString(successor).trim().split(" "))
                .filter(p -> p.startsWith("pid=")).map(p -> Integer.parseInt(p.substring(4))) : Stream.empty();
        List<Integer> others = successorPid.toList();
        while (System.nanoTime() < deadline && others.stream().anyMatch(DaemonJvm::alive)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (int pid : Stream.concat(others.stream(), pids.values().stream()).toList()) {
            if (alive(pid)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
