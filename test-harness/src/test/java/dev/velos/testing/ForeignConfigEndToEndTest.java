// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 18: the files people already have start real apps — PM2 ecosystem files (JS, JSON, YAML)
 * with env profiles, instances and ignore_watch, a supervisord config with numprocs, a
 * process-compose file — checked on the running processes' argv and environment in /proc.
 */
class ForeignConfigEndToEndTest extends EndToEndTest {
    private static final String APP = """
            echo "app $* mode=$MODE"
            while :; do sleep 1; done""";

    @BeforeEach
    void anApp() throws Exception {
        script("app.sh", APP);
    }

    private static final String PM2_JS = """
            // A PM2 ecosystem file as people write them: code, not data.
            const base = { script: 'app.sh', watch: true, ignore_watch: ['node_modules', 'tmp'] };
            module.exports = {
              apps: [
                { ...base, name: 'api', args: ['--port', String(8000 + 1)], instances: 2, exec_mode: 'cluster',
                  env: { MODE: 'dev', SHARED: 'yes' }, env_production: { MODE: 'prod' } },
                { name: 'worker', script: 'app.sh', args: '--queue jobs', env: { MODE: 'dev' }, env_production: { MODE: 'prod' } },
              ],
            };
            """;
    private static final String PM2_JSON = """
            {
              "apps": [
                { "name": "api", "script": "app.sh", "args": ["--port", "8001"], "instances": 2, "exec_mode": "cluster",
                  "watch": true, "ignore_watch": ["node_modules", "tmp"],
                  "env": { "MODE": "dev", "SHARED": "yes" }, "env_production": { "MODE": "prod" } },
                { "name": "worker", "script": "app.sh", "args": "--queue jobs",
                  "env": { "MODE": "dev" }, "env_production": { "MODE": "prod" } }
              ]
            }
            """;
    private static final String PM2_YAML = """
            apps:
              - name: api
                script: app.sh
                args: ["--port", "8001"]
                instances: 2
                exec_mode: cluster
                watch: true
                ignore_watch: [node_modules, tmp]
                env: { MODE: dev, SHARED: "yes" }
                env_production: { MODE: prod }
              - name: worker
                script: app.sh
                args: --queue jobs
                env: { MODE: dev }
                env_production: { MODE: prod }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"ecosystem.config.js", "ecosystem.config.json", "ecosystem.config.yaml"})
    void aPm2EcosystemFileStartsItsAppsWithTheProfile(String fileName) throws Exception {
        if (fileName.endsWith(".js")) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "a JS ecosystem file needs node");
        }
        String text = fileName.endsWith(".js") ? PM2_JS : fileName.endsWith(".json") ? PM2_JSON : PM2_YAML;
        Path file = Files.writeString(apps.resolve(fileName), text);
        VelosCli.Result r = velos.ok("start", file.toString(), "--env", "production");
        assertThat(r.out()).contains("Started 'api'", "Started 'worker'");
        // exec_mode cluster is not honoured as PM2 means it: said, with its line, not dropped silently.
        assertThat(r.err()).contains(fileName + ":").contains("exec_mode is not honoured");
        awaitRunning("api:0", "api:1", "worker");

        Map<String, JsonNode> list = velos.list();
        assertThat(list).containsOnlyKeys("api:0", "api:1", "worker");
        for (String instance : List.of("api:0", "api:1")) {
            long pid = list.get(instance).get("pid").asLong();
            assertThat(RunningProcesses.argv(pid)).containsExactly("/bin/sh", "app.sh", "--port", "8001");
            assertThat(RunningProcesses.env(pid)).contains(entry("MODE", "prod"), entry("SHARED", "yes"),
                    entry("NODE_APP_INSTANCE", instance.substring(4)));
            assertThat(RunningProcesses.cwd(pid)).isEqualTo(apps.toRealPath());
        }
        long worker = list.get("worker").get("pid").asLong();
        assertThat(RunningProcesses.argv(worker)).containsExactly("/bin/sh", "app.sh", "--queue", "jobs");
        assertThat(RunningProcesses.env(worker)).contains(entry("MODE", "prod")).doesNotContainKey("SHARED");
        assertThat(info("api:0").get("watch").asBoolean()).isTrue();
        assertThat(velos.ok("info", "api:0").out()).containsPattern("Watch ignore:\\s+node_modules, tmp");
    }

    @Test
    void aSupervisordConfigStartsEachProgramAndEachNumproc() throws Exception {
        Path file = Files.writeString(apps.resolve("supervisord.conf"), """
                [supervisord]
                nodaemon=true

                ; numprocs=2: two processes, named and numbered by supervisord's rules
                [program:worker]
                command=%(here)s/app.sh --slot %(process_num)02d
                process_name=%(program_name)s_%(process_num)02d
                numprocs=2
                directory=%(here)s
                environment=MODE="batch",WORKER=%(process_num)d

                [program:web]
                command=%(here)s/app.sh --web
                    --port 8080
                environment=MODE=web
                autorestart=true
                """);
        VelosCli.Result r = velos.ok("apply", file.toString());
        assertThat(r.out()).contains("+ worker_00", "+ worker_01", "+ web");
        assertThat(r.err()).contains("supervisord.conf:1: [supervisord] is not honoured");
        awaitRunning("worker_00", "worker_01", "web");
        Map<String, JsonNode> list = velos.list();
        assertThat(list).containsOnlyKeys("worker_00", "worker_01", "web");
        for (int n = 0; n < 2; n++) {
            long pid = list.get("worker_0" + n).get("pid").asLong();
            assertThat(RunningProcesses.argv(pid)).endsWith(apps.resolve("app.sh").toString(), "--slot", "0" + n);
            assertThat(RunningProcesses.env(pid)).contains(entry("MODE", "batch"), entry("WORKER", String.valueOf(n)));
        }
        long web = list.get("web").get("pid").asLong();
        assertThat(RunningProcesses.argv(web)).endsWith("--web", "--port", "8080");
        assertThat(RunningProcesses.env(web)).contains(entry("MODE", "web"));
    }

    @Test
    void aProcessComposeFileStartsItsProcessesInDependencyOrder() throws Exception {
        script("ready.sh", "touch " + apps.resolve("db.ready") + "\n" + APP);
        Path file = Files.writeString(apps.resolve("process-compose.yaml"), """
                version: "0.5"
                environment:
                  - "REGION=eu"
                processes:
                  db:
                    command: "./ready.sh --db"
                    environment:
                      - "MODE=db"
                    readiness_probe:
                      exec:
                        command: "test -f db.ready"
                      period_seconds: 1
                  web:
                    command: "./app.sh --web $REGION"
                    environment:
                      - "MODE=web"
                    depends_on:
                      db:
                        condition: process_healthy
                    availability:
                      restart: on_failure
                      backoff_seconds: 1
                """);
        velos.ok("apply", file.toString());
        awaitRunning("db", "web");
        Map<String, JsonNode> list = velos.list();
        long db = list.get("db").get("pid").asLong();
        assertThat(RunningProcesses.argv(db)).endsWith("./ready.sh", "--db");
        assertThat(RunningProcesses.env(db)).contains(entry("MODE", "db"), entry("REGION", "eu"));
        // A command that uses the shell ($REGION) runs under /bin/sh -c, as process-compose runs it.
        long web = list.get("web").get("pid").asLong();
        assertThat(RunningProcesses.argv(web)).startsWith("/bin/sh", "-c", "./app.sh --web $REGION");
        assertThat(RunningProcesses.env(web)).contains(entry("MODE", "web"), entry("REGION", "eu"));
        await().atMost(Duration.ofSeconds(10)).until(() -> velos.ok("logs", "web", "--raw").out().contains("app --web eu mode=web"));
        JsonNode webInfo = info("web");
        assertThat(webInfo.toString()).contains("\"depends_on\"").contains("\"db\":\"healthy\"");
        assertThat(Files.exists(apps.resolve("db.ready"))).isTrue();
    }

    @Test
    void aJsEcosystemFileWithoutNodeSaysToImportIt() throws Exception {
        Path file = Files.writeString(apps.resolve("ecosystem.config.js"), PM2_JS);
        // A PATH with what bin/velos itself uses, and no node.
        Path bin = Files.createDirectories(home.resolve("bin-without-node"));
        for (String tool : List.of("basename", "dirname", "find", "head", "mkdir", "readlink", "sed", "uname", "cat")) {
            Path real = Path.of("/usr/bin", tool);
            if (Files.exists(real)) {
                Files.createSymbolicLink(bin.resolve(tool), real);
            }
        }
        velos.env("PATH", bin.toString());
        VelosCli.Result r = velos.run("start", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("there is no node on PATH").contains("velos import pm2 ecosystem.config.js");
    }

    private void awaitRunning(String... names) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, JsonNode> list = velos.list();
            for (String name : names) {
                assertThat(list).containsKey(name);
                assertThat(list.get(name).get("status_str").asText()).as(name).isEqualTo("running");
            }
        });
    }
}
