// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14.5: an app's environment is the daemon's minimal base, plus the environment of the
 * client that started that app, plus its own env — never the environment of whoever happened to
 * auto-start the daemon, and never velos's tokens.
 */
class AppEnvironmentEndToEndTest extends EndToEndTest {
    /** Runs bin/velos with exactly {@code env} (as {@code env -i} would), nothing inherited from this JVM. */
    private VelosCli.Result cleanVelos(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "-i"));
        env.forEach((k, v) -> command.add(k + "=" + v));
        command.add(VelosCli.LAUNCHER.toString());
        command.addAll(List.of(args));
        return Shell.run(command);
    }

    private Map<String, String> cleanEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("VELOS_HOME", velos.home.toString());
        env.put("NO_COLOR", "1");
        return env;
    }

    private Map<String, String> environOf(String app) throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> velos.list().get(app).get("pid").asInt() > 0);
        int pid = velos.list().get(app).get("pid").asInt();
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8)
                .split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    @Test
    void anAppStartedFromACleanEnvironmentDoesNotSeeASecretOfTheShellThatAutoStartedTheDaemon() throws IOException {
        velos.env("SHELL_SECRET", "from-the-auto-starting-shell");
        velos.ok("list"); // auto-starts the daemon with SHELL_SECRET in its environment
        Path app = script("app.sh", "exec sleep 1000");

        Map<String, String> client = cleanEnv();
        client.put("CLIENT_ONLY", "from-the-starting-client");
        VelosCli.Result started = cleanVelos(client, "start", app.toString(), "--name", "app", "--env-var", "OWN=mine");
        assertThat(started.exit()).as(started.toString()).isZero();

        Map<String, String> environ = environOf("app");
        assertThat(environ).doesNotContainKey("SHELL_SECRET");
        assertThat(environ).containsEntry("CLIENT_ONLY", "from-the-starting-client").containsEntry("OWN", "mine")
                .containsKey("PATH").containsKey("VELOS_APP");
    }

    @Test
    void velosTokensNeverReachAnApp() throws IOException {
        velos.env("VELOS_API_TOKEN", "an-api-token-of-the-auto-starting-shell-0123456789");
        velos.env("VELOS_MCP_TOKEN", "an-mcp-token-of-the-auto-starting-shell-0123456789");
        velos.ok("start", script("app.sh", "exec sleep 1000").toString(), "--name", "app");
        assertThat(environOf("app")).doesNotContainKeys("VELOS_API_TOKEN", "VELOS_MCP_TOKEN");
    }

    /**
     * The CLI sends its environment as {@code client_env} (StartCommand, and ConfigApply for config files), apart
     * from the app's own env, so velos's own settings of the starting shell (VELOS_HOME,
     * VELOS_LAUNCHER) stay out of the app too.
     */
    @Test
    void velosSettingsOfTheStartingClientStayOutOfTheApp() throws IOException {
        velos.ok("start", script("app.sh", "exec sleep 1000").toString(), "--name", "app", "--env-var", "OWN=mine");
        assertThat(environOf("app")).doesNotContainKeys("VELOS_HOME", "VELOS_LAUNCHER").containsEntry("OWN", "mine");
    }
}
