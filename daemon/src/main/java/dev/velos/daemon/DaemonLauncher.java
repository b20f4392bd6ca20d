// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.logs.ConsoleCapture;
import dev.velos.model.ErrorCode;
import dev.velos.sys.CallState;
import dev.velos.sys.ErrnoException;
import dev.velos.sys.ProcessLauncher;
import dev.velos.sys.SpawnRequest;
import dev.velos.sys.Wait;

/**
 * Starts the daemon in the background for a client that found none (the CLI's auto-start): a
 * detached process in its own session, stdin {@code /dev/null}, stdout/stderr appended to
 * {@code <home>/logs/daemon-stdout.log} and {@code daemon-stderr.log}, started with posix_spawn
 * (never by forking this JVM). It re-runs the launcher named by {@code VELOS_LAUNCHER} (which
 * picks the daemon's small-footprint JVM flags) or, without one, this JVM with this jar.
 *
 * <p>Those two files are captures ({@link ConsoleCapture}): the daemon, told so by
 * {@value #CAPTURED_VARIABLE}, writes its lines to {@code daemon.log} only, so they hold just
 * what cannot go there (the JVM's own output, a start that failed before the log was open), and
 * each is bounded at every launch.
 */
public final class DaemonLauncher {
    private static final Duration POLL = Duration.ofMillis(25);
    /**
     * Set in the environment of a daemon whose stdout and stderr are capture files: its stamped
     * lines go to {@code daemon.log} alone instead of also to its stderr (where they would be a
     * second, unrotated copy).
     */
    static final String CAPTURED_VARIABLE = "VELOS_DAEMON_CAPTURED";

    private DaemonLauncher() {
    }

    /**
     * Starts a daemon for {@code home}/{@code socket} and waits until it answers a ping, at most
     * {@code wait}. Throws {@link DaemonUnavailableException} naming the daemon's log on failure.
     */
    public static void startDetached(Path home, Path socket, Duration wait) {
        Path logs = home.resolve("logs");
        try {
            createPrivateDirectory(home);
            createPrivateDirectory(logs);
        } catch (IOException e) {
            throw new IpcException(ErrorCode.SYSTEM, "cannot create the velos runtime directory " + home + ": " + e.getMessage(), e);
        }
        List<String> argv = command(home, socket);
        // A CLI run inside a systemd service must not make the daemon it starts notify that service.
        Map<String, String> env = SdNotify.withoutNotifyVariables(System.getenv());
        env.put("VELOS_HOME", home.toString());
        env.put(CAPTURED_VARIABLE, "1");
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        Path stderr = logs.resolve("daemon-stderr.log");
        Path stdout = logs.resolve("daemon-stdout.log");
        ConsoleCapture.bound(stdout);
        ConsoleCapture.bound(stderr);
        try (ProcessLauncher launcher = new ProcessLauncher()) {
            int pid = launcher.spawnDetached(new SpawnRequest(argv.get(0), argv, envList, home.toString()), stdout, stderr);
            reapWhenItExits(pid);
        } catch (ErrnoException e) {
            throw new DaemonUnavailableException("cannot start the velos daemon (" + argv.get(0) + "): " + e.getMessage(), e);
        }
        awaitPing(socket, wait, stderr);
    }

    /**
     * The daemon is this process's child: a long-lived client (velos mcp-server) must reap it when
     * it exits, or it lingers as a zombie that still looks alive to {@code velos kill}. A
     * platform thread blocks in waitid (native calls never block a virtual thread); being a
     * daemon thread, it never keeps a short-lived CLI from exiting.
     */
    static void reapWhenItExits(int pid) {
        Thread.ofPlatform().daemon().name("velos-daemon-reaper").start(() -> {
            try (Arena arena = Arena.ofConfined()) {
                Wait.waitid(CallState.allocate(arena), Wait.P_PID, pid, Wait.WEXITED);
            } catch (RuntimeException e) {
                System.getLogger(DaemonLauncher.class.getName()).log(System.Logger.Level.DEBUG, "reaping the daemon failed", e);
            }
        });
    }

    private static void awaitPing(Path socket, Duration wait, Path stderr) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(socket)) {
                try (VelosClient client = VelosClient.connect(socket, Duration.ofSeconds(2))) {
                    client.ping();
                    return;
                } catch (IpcException e) {
                    // Not listening yet (the socket file appears just before listen); try again.
                }
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new DaemonUnavailableException("the velos daemon did not come up within " + wait.toSeconds() + " s; see "
                + stderr + lastLine(stderr).map(l -> " (last line: " + l + ")").orElse("") + " and "
                + stderr.getParent().getParent().resolve("daemon.log"), null);
    }

    private static Optional<String> lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> command(Path home, Path socket) {
        return command(home, socket, System.getenv("VELOS_LAUNCHER"));
    }

    /**
     * The command line of a daemon for {@code home}/{@code socket}: {@code launcher} (bin/velos,
     * which picks the daemon's JVM flags) when it is executable, else this JVM with this jar. A
     * daemon restart starts its successor with it too.
     */
    static List<String> command(Path home, Path socket, String launcher) {
        List<String> argv = new ArrayList<>();
        if (launcher != null && !launcher.isBlank() && Files.isExecutable(Path.of(launcher))) {
            argv.add(Path.of(launcher).toAbsolutePath().toString());
        } else {
            String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
            String jar = Path.of(System.getProperty("java.class.path").split(":")[0]).toAbsolutePath().toString();
            argv.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                    "-XX:+UseSerialGC", "-Xmx64m",
                    "-XX:TieredStopAtLevel=1", "-cp", jar, "dev.velos.cli.VelosCli"));
        }
        argv.addAll(List.of("daemon", "--state-dir", home.toString(), "--socket", socket.toString()));
        return argv;
    }

    /** Creates {@code dir} (and parents) if needed and makes it 0700; refuses one that is not safely ours ({@link RuntimeDirectory}). */
    static void createPrivateDirectory(Path dir) throws IOException {
        RuntimeDirectory.preparePrivate(dir);
    }
}
