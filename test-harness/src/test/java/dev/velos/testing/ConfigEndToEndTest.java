// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/** {@code velos start --config}: the example stack, profiles, and a malformed file that starts nothing. */
@org.junit.jupiter.api.parallel.ResourceLock("examples-stack") // examples/stack listens on 127.0.0.1:18080
class ConfigEndToEndTest extends EndToEndTest {

    @Test
    void theExampleStackStartsEveryAppWithItsSettings() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) && Files.isExecutable(Path.of("/usr/bin/node")),
                "the stack needs python3 and node");
        String out = velos.ok("start", "--config", VelosCli.REPO.resolve("examples/stack/velos.toml").toString(),
                "--env", "production").out();
        assertThat(out).contains("Started 'web'", "Started 'worker'", "Started 'report'");
        assertThat(velos.list()).containsOnlyKeys("web:0", "web:1", "worker", "report");
        await().atMost(Duration.ofSeconds(20)).until(() -> velos.list().get("web:1").get("status_str").asText()
                .equals("running"));
        assertThat(info("web:0").get("wait_ready").asBoolean()).isTrue();
        assertThat(info("report").get("cron_restart").asText()).isEqualTo("* * * * *");
        // Starting the same file again replaces the apps instead of refusing the names.
        velos.ok("start", "--config", VelosCli.REPO.resolve("examples/stack/velos.toml").toString(), "--only", "worker");
        assertThat(velos.list()).containsKeys("worker", "web:0");
    }

    @Test
    void aMalformedFileNamesTheLineAndStartsNothing() throws Exception {
        Path file = apps.resolve("bad.toml");
        Files.writeString(file, """
                [apps.good]
                script = "good.sh"

                [apps.bad]
                script = "bad.sh"
                max_restarts = -5
                """);
        script("good.sh", "exec sleep 300");
        script("bad.sh", "exec sleep 300");
        VelosCli.Result r = velos.run("start", "--config", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bad.toml:6").contains("max_restarts must be >= -1, got -5");
        assertThat(velos.list()).isEmpty();
    }

    @Test
    void envFileEnvAndProfileLayerInThatOrder() throws Exception {
        Files.writeString(apps.resolve("app.env"), "# settings\nexport FROM_FILE=file\nSHARED=\"from file\"\n");
        script("show.sh", "echo \"file=$FROM_FILE shared=$SHARED mode=$MODE\"; exec sleep 300");
        Path file = apps.resolve("velos.toml");
        Files.writeString(file, """
                [apps.show]
                script = "show.sh"
                env_file = "app.env"

                [apps.show.env]
                SHARED = "from env"
                MODE = "development"

                [apps.show.env_production]
                MODE = "production"
                """);
        velos.ok("start", "--config", file.toString(), "--env", "production");
        await().atMost(Duration.ofSeconds(10)).until(() -> velos.ok("logs", "show", "--raw").out()
                .contains("file=file shared=from env mode=production"));
    }
}
