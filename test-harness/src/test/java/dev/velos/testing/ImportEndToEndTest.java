// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 18: {@code velos import} prints a velos.toml that round-trips — applying it gives the same
 * running set (names, argv, cwd, environment) as starting the original file, for each format.
 */
class ImportEndToEndTest extends EndToEndTest {
    private static final List<String> VARS = List.of("MODE", "SLOT", "REGION", "NODE_APP_INSTANCE");

    private static final Map<String, String> FILES = Map.of(
            "ecosystem.config.js", """
                    module.exports = { apps: [
                      { name: 'api', script: 'app.sh', args: '--api', instances: 2, ignore_watch: ['tmp'],
                        env: { MODE: 'dev' }, env_production: { MODE: 'prod' }, log_date_format: 'HH:mm' },
                      { name: 'cmd', script: 'sh -c "echo hi; while :; do sleep 1; done"' },
                    ] };
                    """,
            "ecosystem.config.yaml", """
                    apps:
                      - name: api
                        script: app.sh
                        args: --api
                        kill_timeout: 3000
                        env: { MODE: dev }
                    """,
            "supervisord.conf", """
                    [program:worker]
                    command=%(here)s/app.sh --slot %(process_num)d
                    process_name=w%(process_num)d
                    numprocs=2
                    environment=SLOT="%(process_num)d",MODE=batch
                    umask=022

                    [program:web]
                    command=%(here)s/app.sh --web
                    """,
            "process-compose.yaml", """
                    environment: ["REGION=eu"]
                    processes:
                      a:
                        command: "./app.sh --a"
                        environment: ["MODE=a"]
                      b:
                        command: "./app.sh --b $REGION"
                        depends_on:
                          a: { condition: process_started }
                        namespace: ns
                    """);

    @ParameterizedTest
    @CsvSource({"pm2, ecosystem.config.js", "pm2, ecosystem.config.yaml", "supervisord, supervisord.conf",
            "process-compose, process-compose.yaml"})
    void importedTomlStartsTheSameRunningSet(String format, String fileName) throws Exception {
        if (fileName.endsWith(".js")) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "a JS ecosystem file needs node");
        }
        script("app.sh", "while :; do sleep 1; done");
        Path original = Files.writeString(apps.resolve(fileName), FILES.get(fileName));
        velos.ok("apply", original.toString());
        Map<String, String> direct = settled();

        VelosCli.Result imported = velos.ok("import", format, original.toString());
        assertThat(imported.out()).startsWith("# velos.toml converted from the " + format + " file " + fileName);
        if (!format.equals("pm2") || fileName.endsWith(".js")) {
            assertThat(imported.out()).as("a comment for each dropped key").contains("# not converted (line ");
        }
        Path toml = Files.writeString(Files.createDirectories(home.resolve("elsewhere")).resolve("velos.toml"),
                imported.out());
        velos.ok("delete", "all");
        velos.ok("apply", toml.toString());
        assertThat(settled()).isEqualTo(direct);
        // And applying the TOML over the set the original started changes nothing.
        assertThat(velos.ok("apply", toml.toString()).out()).contains(" 0 new, 0 changed,");
    }

    private Map<String, String> settled() {
        await().atMost(Duration.ofSeconds(20)).until(() -> !velos.list().isEmpty() && velos.list().values().stream()
                .allMatch(n -> n.get("status_str").asText().equals("running")));
        return RunningProcesses.describe(velos, VARS);
    }
}
