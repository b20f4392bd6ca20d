// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.velos.model.AppSpec;
import dev.velos.model.ProcessInfo;
import dev.velos.sys.CallState;
import dev.velos.sys.ProcessLauncher;
import dev.velos.sys.Sockets;
import dev.velos.sys.SpawnRequest;

/**
 * "The daemon" of {@link HandoverTest} and {@link CrashAdoptionTest}, in a JVM of its own: a
 * supervisor running {@link HandoverApps}, logging to one file. Prints
 * {@code ready <name>=<pid>... port=<port>}, then obeys its stdin: {@code handover} starts a
 * successor ({@link HandoverSuccessorMain}) the way a daemon's planned restart would — posix_spawn
 * with one end of a seqpacket socketpair at fd 3 — hands everything over and exits; a crash test
 * kills it with SIGKILL instead.
 *
 * <p>Arguments: runtime directory, log file, app directory, status directory, printer lines.
 */
public final class HandoverDaemonMain {
    private HandoverDaemonMain() {
    }

    public static void main(String[] args) throws Exception {
        Path runtime = Path.of(args[0]);
        Path log = Path.of(args[1]);
        Path apps = Path.of(args[2]);
        Path status = Path.of(args[3]);
        int lines = Integer.parseInt(args[4]);
        Supervisor supervisor = Supervisor.builder().runtimeDirectory(runtime).logSink(HandoverApps.fileSink(log, "old")).build();
        StringBuilder ready = new StringBuilder("ready");
        for (AppSpec spec : HandoverApps.specs(apps, lines)) {
            ProcessInfo info = supervisor.start(spec).join();
            ready.append(' ').append(info.name()).append('=').append(info.pid());
        }
        ready.append(" port=").append(supervisor.boundListeners("web:0").join().getFirst().port());
        System.out.println(ready);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = in.readLine(); command != null; command = in.readLine()) {
            if (command.equals("handover")) {
                String outcome = handOver(supervisor, runtime, log, status);
                System.out.println(outcome);
                System.out.flush();
                if (outcome.startsWith("handed over")) {
                    System.exit(0); // the apps are the successor's; nothing of them goes with this JVM
                }
            }
        }
    }

    private static long micros(long nanos) {
        return nanos / 1000;
    }

    /** A daemon's planned restart: spawn the successor with a socket at fd 3, hand over, commit on its word. */
    static String handOver(Supervisor supervisor, Path runtime, Path log, Path status) {
        try (Arena arena = Arena.ofConfined(); ProcessLauncher launcher = new ProcessLauncher()) {
            CallState cs = CallState.allocate(arena);
            Sockets.Pair pair = Sockets.socketpair(cs, Sockets.SOCK_SEQPACKET | Sockets.SOCK_CLOEXEC);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> argv = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), HandoverSuccessorMain.class.getName(), runtime.toString(),
                    log.toString(), status.toString()));
            List<String> env = List.of("PATH=/usr/bin:/bin", "HANDOVER_FD=3");
            launcher.spawnDetached(new SpawnRequest(java, argv, env, "/", Map.of(3, pair.second())),
                    status.resolve("successor.out"), status.resolve("successor.err"));
            pair.second().close(cs);
            long beforeReady = System.nanoTime();
            HandoverChannel.awaitReady(pair.first(), Duration.ofSeconds(60)); // the successor's start-up, with the loop running
            long spawned = System.nanoTime();
            Handover handover = supervisor.beginHandover(Duration.ofSeconds(60));
            long parked = System.nanoTime();
            long sent;
            try {
                HandoverChannel.send(pair.first(), HandoverCodec.encode(handover.manifest(), HandoverApps.SPECS), handover.fds());
                sent = System.nanoTime();
                HandoverChannel.awaitAnswer(pair.first(), Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                handover.abort();
                pair.first().close(cs);
                return "aborted: " + e.getMessage();
            }
            long answered = System.nanoTime();
            handover.commit();
            pair.first().close(cs);
            // The loop is parked from export to commit: the send, the successor's import and its answer. The successor's
            // JVM start-up comes before, while the loop runs (it says 'R' when it waits for the manifest).
            return "handed over " + handover.manifest().apps().size() + " apps, " + handover.fds().size() + " fds; successor ready in "
                    + micros(spawned - beforeReady) + " us (loop running), then parked: export "
                    + micros(parked - spawned) + " us, send " + micros(sent - parked) + " us, until the successor's answer "
                    + micros(answered - sent) + " us, commit " + micros(System.nanoTime() - answered) + " us";
        } catch (RuntimeException e) {
            return "failed: " + e + Optional.ofNullable(e.getCause()).map(c -> " / " + c).orElse("");
        }
    }
}
