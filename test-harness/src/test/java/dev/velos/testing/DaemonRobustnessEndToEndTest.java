// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.sys.linux.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/** The daemon survives hostile clients and signals, and comes back after a crash without duplicates. */
class DaemonRobustnessEndToEndTest extends EndToEndTest {

    /** Writes raw bytes on a fresh connection and waits until the daemon closes it. */
    private void send(byte[] bytes) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(velos.socket()));
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            try {
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
            } catch (IOException e) {
                return; // the daemon already hung up on the garbage: that is the point
            }
            ByteBuffer answer = ByteBuffer.allocate(1024);
            try {
                while (ch.read(answer) >= 0) {
                    answer.clear();
                }
            } catch (IOException e) {
                // Reset instead of a clean close: the daemon dropped the connection with our bytes unread.
            }
        }
    }

    @Test
    void garbageAndOversizedFramesCloseOnlyTheirConnection() throws Exception {
        velos.ok("list");
        send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
        send(new byte[] {0x56, 0x10, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        send(new byte[] {0x56, 0x10, 9, 0, 0, 0, 0});
        send(new byte[] {0x56, 0x10, 1, 3, 0, 0, 0, (byte) 0xc1, (byte) 0xc1, (byte) 0xc1});
        byte[] random = new byte[100_000];
        new java.util.Random(42).nextBytes(random);
        send(random);
        assertThat(velos.ok("ping").out()).contains("pong");
    }

    @Test
    void anotherUserCannotConnect() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch users");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/python3")),
                "needs setpriv and python3");
        velos.ok("list");
        // Give the other user a way to reach the socket's directory, so the check under test is the
        // socket's own 0600 mode and the daemon's SO_PEERCRED check, not the 0700 runtime dir.
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(velos.home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "/usr/bin/python3", "-c", "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\n"
                + "s.sendall(bytes([0x56,0x10,1,0,0,0,0]))\nprint('connected')", velos.socket().toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isNotZero();
        assertThat(output).contains("Permission denied");

        // With the socket's mode opened too, what is left to refuse the other user is SO_PEERCRED: a ping
        // gets no answer, the connection is just closed.
        Files.setPosixFilePermissions(velos.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
        Process ping = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "/usr/bin/python3", "-c", "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.settimeout(20)\n"
                + "b=bytes([0x83,0xa2])+b'id'+bytes([1,0xa3])+b'cmd'+bytes([0xa4])+b'ping'+bytes([0xa4])+b'args'+bytes([0x80])\n"
                + "s.connect(sys.argv[1])\n"
                // The daemon may close the refused connection before the request is even sent (EPIPE).
                + "try:\n  s.sendall(bytes([0x56,0x10,1])+len(b).to_bytes(4,'little')+b)\n  d=s.recv(100)\n"
                + "except OSError:\n  d=b''\nprint('answer', len(d))",
                velos.socket().toString()).redirectErrorStream(true).start();
        String answer = new String(ping.getInputStream().readAllBytes());
        ping.waitFor();
        assertThat(answer).as(answer).contains("answer 0");
        assertThat(velos.ok("ping").out()).contains("pong");
    }

    @Test
    void sigtermStopsTheAppsAndRemovesSocketAndPidFile() throws Exception {
        velos.ok("start", script("svc.sh", "sleep 300 & exec sleep 300").toString());
        int appPid = velos.list().get("svc").get("pid").asInt();
        long daemonPid = velos.daemonPid().orElseThrow();

        ProcessHandle.of(daemonPid).orElseThrow().destroy();

        ProcessHandle.of(daemonPid).ifPresent(h -> h.onExit().join());
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(velos.socket()));
        assertThat(velos.home.resolve("velos.pid")).doesNotExist();
        assertThat(ProcFs.allProcesses()).noneMatch(s -> s.pgrp() == appPid && !s.isZombie());
    }

    @Test
    void aSecondDaemonOnTheSameDirectoryRefusesNamingTheFirst() {
        velos.ok("list");
        long pid = velos.daemonPid().orElseThrow();
        VelosCli.Result second = velos.run("daemon");
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err()).contains("already running").contains(Long.toString(pid));
        assertThat(velos.ok("ping").out()).contains("pong");
    }

    @Test
    void afterAKillDashNineResurrectBringsEveryAppBackExactlyOnce() throws Exception {
        velos.ok("start", script("one.sh", "exec sleep 300").toString());
        velos.ok("start", script("two.sh", "exec sleep 300").toString());
        velos.ok("start", script("off.sh", "exec sleep 300").toString());
        velos.ok("stop", "off");
        List<Integer> oldPids = List.of(velos.list().get("one").get("pid").asInt(), velos.list().get("two").get("pid").asInt());
        long daemonPid = velos.daemonPid().orElseThrow();

        ProcessHandle.of(daemonPid).orElseThrow().destroyForcibly();
        ProcessHandle.of(daemonPid).ifPresent(h -> h.onExit().join());

        velos.ok("resurrect");
        var list = velos.list();
        assertThat(list).containsOnlyKeys("one", "two", "off");
        assertThat(list.get("one").get("status_str").asText()).isEqualTo("running");
        assertThat(list.get("two").get("status_str").asText()).isEqualTo("running");
        assertThat(list.get("off").get("status_str").asText()).isEqualTo("stopped");
        // The dead daemon's apps were adopted, not started again (issue 20): same pids, one copy each.
        assertThat(List.of(list.get("one").get("pid").asInt(), list.get("two").get("pid").asInt())).isEqualTo(oldPids);
        for (String name : List.of("one", "two")) {
            assertThat(DaemonProbe.processesWithEnv("VELOS_APP", name + "@" + velos.home)).as("copies of %s", name).hasSize(1);
        }
        JsonNode again = velos.ok("resurrect", "--json").json();
        assertThat(velos.list()).hasSize(3);
        assertThat(again.toString()).contains("0");
    }
}
