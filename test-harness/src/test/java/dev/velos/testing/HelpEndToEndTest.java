// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code --help}, {@code --version}, usage errors, and {@code velos signal}. */
class HelpEndToEndTest extends EndToEndTest {

    /** The command names of {@code velos --help}'s "Commands:" block. */
    private List<String> listedCommands(String help) {
        List<String> names = new ArrayList<>();
        boolean inCommands = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.isEmpty()) {
                break;
            } else if (inCommands && line.matches("  [a-z][a-z-]*(, [a-z-]+)*( .*)?")) {
                names.add(line.strip().split("[\\s,]+")[0]);
            }
        }
        return names;
    }

    @Test
    void helpListsEveryCommandWithADescriptionAndExamples() {
        VelosCli.Result r = velos.ok("--help");

        List<String> commands = listedCommands(r.out());
        assertThat(commands).contains("start", "stop", "restart", "reload", "delete", "list", "info", "logs", "monit",
                "completions", "startup", "unstartup", "signal", "daemon", "help");
        assertThat(r.out()).contains("Examples:", "velos daemon", "velos start server.js --name api", "-i 4", "logs api --summary",
                "velos monit");
        for (String command : commands) {
            assertThat(r.out()).as("description of %s", command).containsPattern("\n  " + command + "(, [a-z-]+)* +\\S");
            VelosCli.Result sub = velos.ok(command, "--help");
            assertThat(sub.out()).as("velos %s --help", command).contains("Usage: velos " + command, "Examples:\n  velos ");
        }
    }

    @Test
    void versionNamesTheVersionAndPlatformAndVerboseAddsTheJavaRuntime() {
        assertThat(velos.ok("--version").out()).matches("velos \\d+\\.\\d+\\.\\d+\\S* \\([a-z0-9_]+-[a-z0-9-]+\\)\n");
        List<String> verbose = velos.ok("--version", "--verbose").out().lines().toList();
        assertThat(verbose).hasSize(3);
        assertThat(verbose.get(1)).startsWith("Java " + Runtime.version().feature());
        assertThat(verbose.get(2)).startsWith("AOT cache: ");
    }

    @Test
    void usageErrorsExitWithTwo() {
        for (List<String> args : List.of(List.of("start", "--no-such-flag"), List.of("stop"), List.of("frobnicate"),
                List.of("signal", "SIGHUP"), List.of("monit", "--count", "many"), List.of("completions"))) {
            VelosCli.Result r = velos.run(args.toArray(String[]::new));
            assertThat(r.exit()).as("velos %s: %s", args, r).isEqualTo(2);
            assertThat(r.err()).startsWith("Error: ");
        }
    }

    @Test
    void signalDeliversARealSignalAndTheProcessKeepsRunning() throws Exception {
        String body = "trap 'echo got-usr1' USR1\necho ready\nwhile true; do sleep 1; done";
        velos.ok("start", script("trapper.sh", body).toString(), "--name", "trapper");
        await().atMost(Duration.ofSeconds(30)).until(() -> velos.ok("logs", "trapper", "--raw").out().contains("ready"));
        long pid = velos.list().get("trapper").get("pid").asLong();

        assertThat(velos.ok("signal", "SIGUSR1", "trapper").out()).contains("[velos] Sent SIGUSR1 to 'trapper' (id=");

        await().atMost(Duration.ofSeconds(30)).until(() -> velos.ok("logs", "trapper", "--raw").out().contains("got-usr1"));
        assertThat(velos.list().get("trapper").get("pid").asLong()).isEqualTo(pid);
        assertThat(velos.list().get("trapper").get("status_str").asText()).isEqualTo("running");
        VelosCli.Result bad = velos.run("signal", "SIGBOGUS", "trapper");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("unknown signal 'SIGBOGUS'");
    }
}
