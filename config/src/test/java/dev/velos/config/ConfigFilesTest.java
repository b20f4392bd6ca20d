// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.velos.model.AppConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

class ConfigFilesTest {
    private static final Map<String, String> ENV = Map.of("PATH", System.getenv("PATH"), "HOME", "/home/someone",
            "DEPLOY_ENV", "staging");

    @TempDir
    Path dir;

    private AppConfigFile.Loaded read(String fileName, String text, Optional<String> profile) throws Exception {
        Path file = Files.writeString(dir.resolve(fileName), text);
        return ConfigFiles.read(ConfigFiles.Source.of(file), Optional.empty(), profile, Set.of(), ENV);
    }

    private AppConfig app(AppConfigFile.Loaded loaded, String name) {
        return loaded.apps().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    private String error(String fileName, String text) throws Exception {
        Path file = Files.writeString(dir.resolve(fileName), text);
        Throwable t = catchThrowable(() -> ConfigFiles.read(ConfigFiles.Source.of(file), Optional.empty(), Optional.empty(),
                Set.of(), ENV));
        assertThat(t).isInstanceOf(ConfigException.class);
        return t.getMessage();
    }

    private static final String PM2_JSON = """
            {
              "apps": [
                {
                  "name": "api",
                  "script": "server.js",
                  "args": "--port 3000 --verbose",
                  "instances": 2,
                  "exec_mode": "cluster",
                  "watch": ["src"],
                  "ignore_watch": ["node_modules", "*.tmp"],
                  "max_memory_restart": "300MB",
                  "kill_timeout": 3000,
                  "exp_backoff_restart_delay": 100,
                  "log_date_format": "YYYY-MM-DD",
                  "env": { "NODE_ENV": "development", "PORT": 3000 },
                  "env_production": { "NODE_ENV": "production" }
                },
                { "script": "worker.py", "interpreter": "python3 -u", "node_args": [] }
              ]
            }
            """;

    @Test
    void pm2JsonMapsEveryKeyAndMergesTheProfile() throws Exception {
        AppConfigFile.Loaded loaded = read("ecosystem.config.json", PM2_JSON, Optional.of("production"));
        AppConfig api = app(loaded, "api");
        assertThat(api.script()).isEqualTo("server.js");
        assertThat(api.args()).containsExactly("--port", "3000", "--verbose");
        assertThat(api.instances()).isEqualTo(2);
        assertThat(api.cwd()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(api.watch().enabled()).isTrue();
        assertThat(api.watch().paths()).containsExactly("src");
        assertThat(api.watch().ignore()).containsExactly("node_modules", "*.tmp");
        assertThat(api.maxMemoryRestart().getAsLong()).isEqualTo(300L * 1024 * 1024);
        assertThat(api.restart().killTimeout()).isEqualTo(Duration.ofMillis(3000));
        assertThat(api.restart().expBackoff()).isTrue();
        assertThat(api.restart().restartDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(api.env()).containsExactly(entry("NODE_ENV", "production"), entry("PORT", "3000"));
        // The worker: python3 -u is an interpreter with an argument, written as the program and its arguments.
        AppConfig worker = app(loaded, "worker");
        assertThat(worker.script()).isEqualTo("python3");
        assertThat(worker.args()).containsExactly("-u", "worker.py");
        // Keys velos cannot honour are notes with their line, never dropped silently.
        String file = dir.resolve("ecosystem.config.json").toString();
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w).startsWith(file + ":8: app 'api': exec_mode"));
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w).startsWith(file + ":14: app 'api': log_date_format"));
    }

    @Test
    void pm2YamlReadsTheSameAsJson() throws Exception {
        AppConfigFile.Loaded loaded = read("ecosystem.yml", """
                apps:
                  - name: api
                    script: server.js
                    instances: max
                    ignore_watch: node_modules
                    watch: true
                    env:
                      PORT: 3000
                    env_staging:
                      PORT: 3001
                """, Optional.of("staging"));
        AppConfig api = app(loaded, "api");
        assertThat(api.instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(api.watch().ignore()).containsExactly("node_modules");
        assertThat(api.env()).containsExactly(entry("PORT", "3001"));
    }

    @Test
    void pm2ProblemsNameTheLineOfTheOriginalKey() throws Exception {
        String message = error("ecosystem.json", """
                {"apps": [
                  {"name": "api",
                   "script": "server.js",
                   "max_restarts": "many"}
                ]}
                """);
        assertThat(message).isEqualTo(dir.resolve("ecosystem.json") + ":4: app 'api': max_restarts must be a whole number,"
                + " got \"many\"");
    }

    @Test
    void pm2JavaScriptIsEvaluatedByNode() throws Exception {
        AppConfigFile.Loaded loaded = read("ecosystem.config.js", """
                const port = 4000 + 1;
                module.exports = {
                  apps: [{
                    name: 'web',
                    script: 'python3 -m http.server ' + port,
                    env: { GREETING: `hi ${port}` },
                    namespace: 'prod',
                  }],
                };
                """, Optional.empty());
        AppConfig web = app(loaded, "web");
        assertThat(web.script()).isEqualTo("python3");
        assertThat(web.args()).containsExactly("-m", "http.server", "4001");
        assertThat(web.env()).containsExactly(entry("GREETING", "hi 4001"));
        assertThat(loaded.warnings()).containsExactly(dir.resolve("ecosystem.config.js")
                + ":7: app 'web': namespace is not honoured: PM2's namespace has no velos equivalent");
    }

    @Test
    void pm2JavaScriptThatThrowsIsAClearError() throws Exception {
        String message = error("ecosystem.config.js", "throw new Error('boom');\n");
        assertThat(message).contains("node could not evaluate the file").contains("boom");
    }

    @Test
    void supervisordExpandsNumprocsAndVariables() throws Exception {
        AppConfigFile.Loaded loaded = read("supervisord.conf", """
                [supervisord]
                nodaemon=true

                ; two workers
                [program:worker]
                command=python3 -u worker.py --id %(process_num)02d ; inline comment
                process_name=%(program_name)s_%(process_num)02d
                numprocs=2
                directory=%(here)s
                environment=MODE="%(ENV_DEPLOY_ENV)s",NAME=%(program_name)s,
                    EXTRA='a,b'
                autorestart=true
                startsecs=2
                stopwaitsecs=7
                stopsignal=INT
                redirect_stderr=true
                priority=5
                """, Optional.empty());
        assertThat(loaded.apps()).extracting(AppConfig::name).containsExactly("worker_00", "worker_01");
        AppConfig w1 = app(loaded, "worker_01");
        assertThat(w1.script()).isEqualTo("python3");
        assertThat(w1.args()).containsExactly("-u", "worker.py", "--id", "01");
        assertThat(w1.env()).containsExactly(entry("MODE", "staging"), entry("NAME", "worker"), entry("EXTRA", "a,b"));
        assertThat(w1.restart().minUptime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(w1.restart().killTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(w1.orchestration()).containsEntry("stop_signal", "SIGINT");
        assertThat(w1.logFiles()).containsEntry("merge_logs", true);
        String file = dir.resolve("supervisord.conf").toString();
        assertThat(loaded.warnings()).contains(file + ":1: [supervisord] is not honoured: supervisord's own settings;"
                + " velos's daemon needs none (velos api serves HTTP)");
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w).startsWith(file + ":17: app 'worker_00': priority"));
    }

    @Test
    void supervisordDefaultAutorestartKeepsExpectedExitCodes() throws Exception {
        AppConfigFile.Loaded loaded = read("app.ini", """
                [program:once]
                command=/bin/true
                exitcodes=0,2
                """, Optional.empty());
        assertThat(app(loaded, "once").orchestration()).containsEntry("stop_exit_codes", List.of(0L, 2L));
    }

    @Test
    void supervisordMistakesNameTheirLine() throws Exception {
        String file = dir.resolve("bad.conf").toString();
        String message = error("bad.conf", """
                [program:a]
                command=run %(ENV_NOPE_NOT_SET)s
                [program:b]
                command=x
                numprocs=2
                """);
        assertThat(message).contains(file + ":2: %(ENV_NOPE_NOT_SET)s is not defined (no variable NOPE_NOT_SET in the environment)")
                .contains(file + ":3: [program:b]: numprocs = 2 needs a process_name with %(process_num)s");
    }

    @Test
    void processComposeMapsCommandsProbesAndDependencies() throws Exception {
        AppConfigFile.Loaded loaded = read("process-compose.yaml", """
                version: "0.5"
                environment:
                  - "SHARED=1"
                processes:
                  db:
                    command: "python3 -m http.server 8099"
                    readiness_probe:
                      http_get:
                        host: 127.0.0.1
                        port: 8099
                        path: /
                      period_seconds: 1
                  web:
                    command: "echo start && exec python3 app.py"
                    working_dir: .
                    environment:
                      - "PORT=8080"
                    availability:
                      restart: on_failure
                      backoff_seconds: 2
                      max_restarts: 4
                    depends_on:
                      db:
                        condition: process_healthy
                    shutdown:
                      signal: 2
                      timeout_seconds: 5
                    namespace: apps
                """, Optional.empty());
        AppConfig db = app(loaded, "db");
        assertThat(db.script()).isEqualTo("python3");
        assertThat(db.args()).containsExactly("-m", "http.server", "8099");
        assertThat(db.orchestration()).containsEntry("readiness", Map.of("http", "http://127.0.0.1:8099/", "period", "1s"));
        AppConfig web = app(loaded, "web");
        assertThat(web.script()).isEqualTo("/bin/sh");
        assertThat(web.args()).containsExactly("-c", "echo start && exec python3 app.py");
        assertThat(web.env()).containsExactly(entry("SHARED", "1"), entry("PORT", "8080"));
        assertThat(web.restart().restartDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(web.restart().maxRestarts()).isEqualTo(4);
        assertThat(web.restart().killTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(web.orchestration()).containsEntry("autorestart", "on-failure")
                .containsEntry("depends_on", Map.of("db", "healthy")).containsEntry("stop_signal", "SIGINT");
        assertThat(loaded.warnings()).containsExactly(dir.resolve("process-compose.yaml")
                + ":28: app 'web': namespace is not honoured: process-compose's namespace has no velos equivalent");
    }

    @Test
    void importedTomlReadsAsTheSameApps() throws Exception {
        for (var source : List.of(Map.entry("ecosystem.config.json", PM2_JSON), Map.entry("supervisord.conf", """
                [program:worker]
                command=python3 worker.py %(process_num)d
                process_name=w%(process_num)d
                numprocs=2
                environment=A="1"
                """), Map.entry("process-compose.yml", """
                processes:
                  web:
                    command: "python3 -m http.server 8000 | cat"
                    environment: ["X=y"]
                    availability: { restart: always }
                """))) {
            Path file = Files.writeString(dir.resolve(source.getKey()), source.getValue());
            ConfigFormat format = ConfigFormat.detect(file, source.getValue());
            String toml = ConfigFiles.importToml(ConfigFiles.Source.of(file), format, ENV);
            Path out = Files.writeString(Files.createTempDirectory(dir, "elsewhere").resolve("velos.toml"), toml);
            List<AppConfig> direct = ConfigFiles.read(ConfigFiles.Source.of(file), Optional.empty(), Optional.empty(), Set.of(),
                    ENV).apps();
            List<AppConfig> imported = ConfigFiles.read(out, Optional.empty(), Set.of()).apps();
            assertThat(imported).as(toml).isEqualTo(direct);
        }
    }

    @Test
    void importWritesACommentPerDroppedKey() throws Exception {
        Path file = Files.writeString(dir.resolve("ecosystem.config.json"), PM2_JSON);
        String toml = ConfigFiles.importToml(ConfigFiles.Source.of(file), ConfigFormat.PM2, ENV);
        assertThat(toml).contains("# not converted (line 8): exec_mode").contains("# not converted (line 14): log_date_format")
                .contains("[apps.api.env_production]");
    }

    @Test
    void theFormatIsDetectedByNameAndContent() {
        assertThat(ConfigFormat.detect(Path.of("velos.toml"), "")).isEqualTo(ConfigFormat.VELOS);
        assertThat(ConfigFormat.detect(Path.of("ecosystem.config.cjs"), "")).isEqualTo(ConfigFormat.PM2);
        assertThat(ConfigFormat.detect(Path.of("x.yaml"), "processes:\n  a: {}\n")).isEqualTo(ConfigFormat.PROCESS_COMPOSE);
        assertThat(ConfigFormat.detect(Path.of("x.yaml"), "apps:\n  - script: a\n")).isEqualTo(ConfigFormat.PM2);
        assertThat(ConfigFormat.detect(Path.of("supervisord.conf"), "[program:a]\n")).isEqualTo(ConfigFormat.SUPERVISORD);
        assertThat(ConfigFormat.detect(Path.of("programs"), "[program:a]\ncommand=x\n")).isEqualTo(ConfigFormat.SUPERVISORD);
        assertThat(ConfigFormat.looksLikeConfig(Path.of("ecosystem.config.js"))).isTrue();
        assertThat(ConfigFormat.looksLikeConfig(Path.of("server.js"))).isFalse();
    }
}
