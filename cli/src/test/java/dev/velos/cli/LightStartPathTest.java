// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.ipc.Commands;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client command must not load the daemon, supervisor, native, web or MCP classes (issue 3:
 * "keep the CLI's start path light"). Checked in a child JVM with class-load logging, running
 * {@code velos list} against a fake daemon.
 */
class LightStartPathTest {
    @TempDir
    Path dir;

    @Test
    void listLoadsNoDaemonSideClasses() throws Exception {
        Path socket = dir.resolve("d.sock");
        Path log = dir.resolve("classes.log");
        try (FakeDaemon daemon = new FakeDaemon(socket).on(Commands.LIST, args -> List.of(Cli.view(1, "api", 1, 1, "running")))) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Xlog:class+load=info:file=" + log, "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), VelosCli.class.getName(), "list", "--socket", socket.toString());
            pb.environment().put("VELOS_HOME", dir.resolve("home").toString());
            pb.redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(dir.resolve("out.txt"))).contains("│  1 │ api  │");
            assertThat(p.exitValue()).isZero();
        }
        List<String> loaded = Files.readAllLines(log);
        assertThat(loaded).anyMatch(l -> l.contains("dev.velos.cli.ListCommand"));
        assertThat(loaded).noneMatch(l -> l.matches(".*\\bdev\\.velos\\.(daemon|supervisor|sys|web|mcp)\\..*"));
    }
}
