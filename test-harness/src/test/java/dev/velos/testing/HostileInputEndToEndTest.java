// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.FrameCodec;
import dev.velos.ipc.IpcException;
import dev.velos.ipc.Messages;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input from every side the daemon has: hostile frames on the live socket, names and paths
 * meant to escape the runtime directory, broken config files, secrets that must not leak, and the
 * modes of everything in the runtime directory. (Other users: DaemonRobustnessEndToEndTest.)
 */
class HostileInputEndToEndTest extends EndToEndTest {

    @Test
    void hostileFramesOnTheLiveSocketNeverStopTheDaemon() throws Exception {
        velos.ok("list");
        Random random = new Random(7);
        List<byte[]> bodies = new ArrayList<>();
        bodies.add(Messages.request(1, "no.such.command", Map.of()));
        bodies.add(Messages.request(2, "start", Map.of("name", List.of(1, 2), "script", Map.of("x", 1))));
        bodies.add(Messages.request(3, "logs.read", Map.of("target", "all", "lines", "many")));
        bodies.add(Messages.request(4, "info", List.of()));
        bodies.add(Messages.request(5, "scale", Map.of("name", "x", "count", "99999999999999999999")));
        byte[] deep = new byte[200_000];
        java.util.Arrays.fill(deep, (byte) 0x91);
        bodies.add(deep);
        byte[] valid = Messages.request(6, "list", Map.of());
        for (int i = 0; i < 300; i++) {
            byte[] body = switch (i % 3) {
                case 0 -> randomBytes(random, 1 + random.nextInt(512));
                case 1 -> java.util.Arrays.copyOf(valid, random.nextInt(valid.length)); // truncated
                default -> mutate(valid, random);
            };
            bodies.add(body);
        }
        int answered = 0;
        for (byte[] body : bodies) {
            answered += exchange(FrameCodec.encode(body)) ? 1 : 0;
        }
        // A header announcing 4 GiB, a wrong version, and a frame cut off mid-body.
        exchange(new byte[] {0x56, 0x10, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        exchange(new byte[] {0x56, 0x10, 7, 1, 0, 0, 0, (byte) 0xc0});
        exchange(java.util.Arrays.copyOf(FrameCodec.encode(valid), 9));
        assertThat(velos.ok("ping").out()).contains("pong");
        assertThat(answered).as("frames answered with an error or a result rather than a hang-up").isPositive();
        String daemonLog = Files.readString(velos.home.resolve("daemon.log"));
        assertThat(daemonLog).doesNotContain("internal error").doesNotContain("Exception in thread");
        System.out.printf("[robust] live socket: %d hostile frames, %d answered with an error, the rest hung up; "
                + "daemon answers ping%n", bodies.size() + 3, answered);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        for (int k = 0; k < 1 + random.nextInt(3); k++) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return b;
    }

    /** Sends {@code frame} on a new connection; true if the daemon answered with a frame before closing. */
    private boolean exchange(byte[] frame) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(velos.socket()));
            try {
                ch.write(ByteBuffer.wrap(frame));
                ch.shutdownOutput();
                ByteBuffer answer = ByteBuffer.allocate(64 * 1024);
                return ch.read(answer) > 0;
            } catch (IOException e) {
                return false;
            }
        }
    }

    @Test
    void namesThatCouldEscapeTheRuntimeDirectoryAreRejected() throws Exception {
        velos.ok("list");
        Path outside = home; // the runtime dir is home/velos; nothing may appear next to it
        Set<Path> before = listAll(outside);
        String script = script("svc.sh", "exec sleep 3000").toString();
        // Through the CLI (what a user sees), then straight to the daemon (what any other client could send).
        for (String name : List.of("../x", "x".repeat(10 * 1024))) {
            VelosCli.Result r = velos.run("start", script, "--name", name);
            assertThat(r.exit()).as("start --name %s", name.length() > 40 ? name.substring(0, 40) : name).isIn(1, 2);
            assertThat(r.err()).contains("Error:").doesNotContain("Exception").doesNotContain("\tat ");
        }
        List<String> names = List.of("../x", "a/b", "../../etc/passwd", "x".repeat(10 * 1024), "\u0430pp", ".", "..",
                "app\u2215x", "a b", "tab\tname", "new\nline", "a\0b", "../x\0", "x:\0", "x:../y", "x:1:2");
        try (VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(30))) {
            for (String name : names) {
                assertThatThrownBy(() -> client.start(new WireTypes.StartArgs(name, script, null, null, null, null, null,
                        null, null, null, null, null))).as(name.length() > 40 ? name.substring(0, 40) : name)
                        .isInstanceOf(IpcException.class).hasMessageContaining("invalid process name");
            }
        }
        assertThat(velos.list()).isEmpty();
        assertThat(listAll(outside)).as("files outside the runtime dir").isEqualTo(before);
        try (Stream<Path> logs = Files.list(velos.logs())) {
            assertThat(logs.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("daemon-"));
        }
    }

    private Set<Path> listAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !p.startsWith(velos.home)).collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void pathsWithSpacesAndQuotesAndEnvValuesWithNewlinesWork() throws Exception {
        Path dir = apps.resolve("dir with 'single' and \"double\" quotes");
        Files.createDirectories(dir);
        Path script = VelosCli.script(dir, "my app $HOME.sh", "echo \"cwd=$(pwd)\"; printf 'multi=%s|\\n' \"$MULTI\"; exec sleep 3000");
        velos.ok("start", script.toString(), "--name", "spaced", "--cwd", dir.toString(), "--env-var", "MULTI=one\ntwo");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(velos.ok("logs", "spaced", "--raw", "-l", "10").out()).contains("cwd=" + dir).contains("two|"));
        assertThat(velos.list().get("spaced").get("status_str").asText()).isEqualTo("running");
        assertThat(info("spaced").get("script").asText()).isEqualTo(script.toString());
    }

    @Test
    void brokenConfigFilesGiveOneClearErrorAndNoStackTrace() throws Exception {
        Path dir = apps;
        Files.writeString(dir.resolve("malformed.toml"), "[apps.x\nscript = \n");
        Files.writeString(dir.resolve("types.toml"), "[apps.x]\nscript = 5\ninstances = \"lots\"\nwatch = \"yes\"\n");
        Files.writeString(dir.resolve("deep-arrays.toml"), "a = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n");
        Files.writeString(dir.resolve("deep-tables.toml"), "[" + String.join(".", java.util.Collections.nCopies(5000, "t")) + "]\n");
        Files.writeString(dir.resolve("deep-inline.toml"), "x = " + "{a = ".repeat(20_000) + "1" + "}".repeat(20_000) + "\n");
        StringBuilder big = new StringBuilder("[apps.big]\nscript = \"/bin/true\"\n");
        while (big.length() < 10 * 1024 * 1024) {
            big.append("# padding padding padding padding padding padding padding padding padding padding\n");
        }
        big.append("instances = [1, 2]\n");
        Files.writeString(dir.resolve("big.toml"), big);
        Files.write(dir.resolve("binary.toml"), new byte[] {0, (byte) 0xff, (byte) 0xfe, 1, 2, 3});
        for (String file : List.of("malformed", "types", "deep-arrays", "deep-tables", "deep-inline", "big", "binary")) {
            VelosCli.Result r = velos.run(Duration.ofSeconds(90), "start", "--config", dir.resolve(file + ".toml").toString());
            assertThat(r.exit()).as(file + ": " + r).isIn(1, 2);
            assertThat(r.err().lines().filter(l -> l.startsWith("Error:"))).as(file + ": " + r).hasSize(1);
            assertThat(r.err()).as(file).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.err().length()).as(file + " error size").isLessThan(2000);
        }
        assertThat(velos.list()).isEmpty();
    }

    @Test
    void envValuesAreShownOnlyWhenAskedForAndNeverLogged() throws Exception {
        String secret = "s3cr3t-" + System.nanoTime();
        velos.ok("start", script("svc.sh", "exec sleep 3000").toString(), "--name", "svc", "--env-var", "API_TOKEN=" + secret);
        velos.ok("restart", "svc");
        assertThat(velos.ok("list", "--json").out()).doesNotContain(secret);
        assertThat(velos.ok("info", "svc", "--json").out()).doesNotContain(secret);
        JsonNode shown = velos.ok("info", "svc", "--show-env", "--json").json();
        assertThat(shown.get("env").get("API_TOKEN").asText()).isEqualTo(secret);
        assertThat(velos.ok("info", "svc", "--show-env").out()).contains("API_TOKEN=" + secret);
        velos.ok("logs", "svc", "--raw");
        try (Stream<Path> logs = Files.list(velos.logs())) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(secret);
            }
        }
    }

    @Test
    void everythingInTheRuntimeDirectoryIsPrivate() throws Exception {
        velos.ok("start", script("talk.sh", "echo hello; echo oops >&2; exec sleep 3000").toString(), "--name", "talk");
        velos.ok("save");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(velos.logs().resolve("talk-err.log")));
        List<String> open = new ArrayList<>();
        try (Stream<Path> all = Files.walk(velos.home)) {
            for (Path p : all.toList()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (perms.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
                    open.add(velos.home.relativize(p) + " " + PosixFilePermissions.toString(perms));
                }
            }
        }
        assertThat(open).as("files readable by others").isEmpty();
        for (String file : List.of("velos.sock", "velos.pid", "velos.lock", "state.bin", "dump.bin", "logs/talk-out.log",
                "logs/talk-err.log", "logs/daemon-stderr.log")) {
            assertThat(velos.home.resolve(file)).exists();
        }
    }
}
