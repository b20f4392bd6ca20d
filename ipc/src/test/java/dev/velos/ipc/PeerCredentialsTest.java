// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another uid cannot talk to the daemon: the 0600 socket in a 0700 directory refuses it at
 * connect, and where the file system would let it through, SO_PEERCRED does. Needs root (to
 * switch to {@code nobody} with setpriv) and a system python3; skipped otherwise.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerCredentialsTest {
    private static final int NOBODY = 65534;
    private static final String CLIENT = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX)",
            "s.settimeout(5)",
            "try:",
            "    s.connect(sys.argv[1])",
            "except PermissionError:",
            "    print('EACCES'); sys.exit(0)",
            "except OSError as e:",
            "    print('CONNECT_ERROR', e.errno); sys.exit(0)",
            "try:",
            "    s.sendall(bytes.fromhex(sys.argv[2]))",
            "    data = s.recv(65536)",
            "    print('ANSWERED' if data else 'CLOSED')",
            "except (ConnectionResetError, BrokenPipeError):",
            "    print('CLOSED')",
            "except socket.timeout:",
            "    print('TIMEOUT')");

    @TempDir
    Path dir;

    private Path python;
    private Path setpriv;

    @BeforeEach
    void requirements() throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assumeTrue(Integer.valueOf(0).equals(uid), "needs root to run a client as another uid");
        setpriv = Stream.of("/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(setpriv != null, "setpriv (util-linux) not installed");
        // A python3 that nobody may execute (not one under root's home, like a pyenv shim).
        python = Stream.of("/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3").map(Path::of)
                .filter(Files::isExecutable).filter(PeerCredentialsTest::othersMayExecute).findFirst().orElse(null);
        assumeTrue(python != null, "no system-wide python3");
    }

    private static boolean othersMayExecute(Path p) {
        try {
            Path real = p.toRealPath();
            for (Path q = real; q != null; q = q.getParent()) {
                if (!Files.getPosixFilePermissions(q).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String runClient(Path socket, boolean asNobody) throws Exception {
        String ping = HexFormat.of().formatHex(FrameCodec.encode(Messages.request(1, Commands.PING, Map.of())));
        List<String> command = new ArrayList<>();
        if (asNobody) {
            command.addAll(List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.addAll(List.of(python.toString(), "-I", "-c", CLIENT, socket.toString(), ping));
        ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of("/").toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", "/");
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("client finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as("client exit status; output: " + out).isZero();
        return out;
    }

    @Test
    void anotherUidIsRefusedByTheSocketPermissions() throws Exception {
        Path socket = dir.resolve("velos.sock");
        try (IpcServer server = IpcServer.start(socket, new TestHandler())) {
            assertThat(runClient(socket, false)).as("same uid, control").isEqualTo("ANSWERED");
            assertThat(runClient(socket, true)).isEqualTo("EACCES");
            try (VelosClient client = VelosClient.connect(socket, Duration.ofSeconds(5))) {
                assertThat(client.ping().version()).isEqualTo("test");
            }
            assertThat(server.requestsServed()).as("only the same-uid requests were served").isEqualTo(2);
        }
    }

    @Test
    void anotherUidIsRefusedByPeerCredentialsWhenTheFileSystemWouldAllowIt() throws Exception {
        Path open = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "velos-peer");
        try {
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwx--x--x"));
            assumeTrue(othersMayExecute(open), "temp dir not reachable by other users");
            Path socket = open.resolve("velos.sock");
            try (IpcServer server = IpcServer.start(socket, new TestHandler())) {
                // Loosen the file mode, so only the SO_PEERCRED check stands between nobody and the daemon.
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
                assertThat(runClient(socket, true)).isEqualTo("CLOSED");
                assertThat(server.requestsServed()).isZero();
                assertThat(runClient(socket, false)).as("same uid, control").isEqualTo("ANSWERED");
                assertThat(server.requestsServed()).isEqualTo(1);
            }
        } finally {
            try (Stream<Path> files = Files.list(open)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(open);
        }
    }
}
