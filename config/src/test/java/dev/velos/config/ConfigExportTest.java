// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigExportTest {
    private static final String STACK = """
            [apps.db]
            script = "db.sh"
            readiness = { tcp = "127.0.0.1:5432", period = "2s", timeout = "500ms", failure_threshold = 5 }
            stop_signal = "INT"
            user = "postgres"
            group = "postgres"

            [apps.migrate]
            script = "migrate.sh"
            autorestart = "on-failure"
            depends_on = { db = "healthy" }

            [apps.api]
            script = "api.py"
            args = ["--greeting", "it's 100% \\"fine\\"", "$HOME"]
            instances = 3
            wait_ready = true
            kill_timeout = 7000
            restart_delay = 1500
            stop_exit_codes = [3]
            depends_on = { migrate = "completed_successfully", db = "started" }
            readiness = { http = "http://127.0.0.1:8080/health?deep=1", initial_delay = "3s" }
            liveness = { exec = ["curl", "-f", "http://127.0.0.1:8080/live"] }
            memory_max = "256M"
            cpu_max = "50%"
            pids_max = 64
            watch = true
            on_crash = ["notify-send", "api crashed"]
            listen = ["tcp://0.0.0.0:8080"]
            log_max_size = "5M"

            [apps.api.env]
            MOTD = "say \\"hi\\"\\nnew line 100%"

            [apps.nightly]
            script = "nightly.sh"
            cron = "30 2 * * 1-5"
            overlap = "queue"
            autorestart = false
            """;

    @TempDir
    Path dir;

    private ExportedFiles export(ExportTarget target) throws Exception {
        Path stack = Files.createDirectories(dir.resolve("My_Stack"));
        for (String script : new String[] {"db.sh", "migrate.sh", "api.py", "nightly.sh"}) {
            Files.writeString(stack.resolve(script), "");
        }
        Path file = Files.writeString(stack.resolve("velos.toml"), STACK);
        AppConfigFile.Loaded loaded = ConfigFiles.read(ConfigFiles.Source.of(file), Optional.empty(), Optional.empty(),
                Set.of(), Map.of());
        return ConfigExport.export(target, loaded, "/usr/bin:/bin");
    }

    private static Map<String, String> byName(ExportedFiles files) {
        return files.files().stream().collect(Collectors.toMap(ExportedFiles.File::name, ExportedFiles.File::text));
    }

    @Test
    void systemdWritesAUnitPerAppATemplateForInstancesATimerPerJobAndATargetForAll() throws Exception {
        Map<String, String> units = byName(export(ExportTarget.SYSTEMD));
        assertThat(units).containsOnlyKeys("db.service", "migrate.service", "api@.service", "nightly.service",
                "nightly.timer", "my-stack.target");
        String stack = dir.resolve("My_Stack").toString();

        String api = units.get("api@.service");
        assertThat(api).contains("Description=velos app api (instance %i)\n", "PartOf=my-stack.target\n",
                "After=migrate.service db.service\n", "Requires=migrate.service db.service\n",
                "Type=notify\nNotifyAccess=all\n", "WorkingDirectory=" + stack + "\n",
                "Restart=always\n", "RestartSec=1500ms\n", "RestartPreventExitStatus=3\n", "TimeoutStopSec=7000ms\n",
                "KillMode=mixed\n", "KillSignal=SIGTERM\n", "MemoryMax=268435456\n", "CPUQuota=50%\n", "TasksMax=64\n",
                "Environment=VELOS_INSTANCE_ID=%i NODE_APP_INSTANCE=%i\n");
        // Quoting: % doubled (a specifier otherwise), $ doubled (a variable otherwise), quotes escaped.
        assertThat(api).contains("ExecStart=" + (Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3")
                + " " + stack + "/api.py --greeting \"it's 100%% \\\"fine\\\"\" $$HOME\n");
        assertThat(api).contains("Environment=\"MOTD=say \\\"hi\\\"\\nnew line 100%%\"\n");

        assertThat(units.get("db.service")).contains("Type=simple\n", "KillSignal=SIGINT\n", "User=postgres\n",
                "Group=postgres\n", "ExecStart=/bin/sh " + stack + "/db.sh\n");
        // An app another waits on to complete is oneshot, so After= waits for its exit; always cannot be oneshot.
        assertThat(units.get("migrate.service")).contains("Type=oneshot\n", "Restart=on-failure\n", "After=db.service\n");
        assertThat(units.get("nightly.service")).contains("Type=oneshot\n", "Restart=no\n").doesNotContain("PartOf=");
        assertThat(units.get("nightly.timer")).contains("OnCalendar=Mon..Fri *-*-* 2:30:00\n", "Unit=nightly.service\n");
        assertThat(units.get("my-stack.target")).contains("Wants=db.service migrate.service api@0.service api@1.service"
                + " api@2.service nightly.timer\n", "WantedBy=multi-user.target\n");
    }

    @Test
    void whatATargetCannotExpressIsNotedInTheOutputAndReturned() throws Exception {
        ExportedFiles systemd = export(ExportTarget.SYSTEMD);
        assertThat(systemd.notes()).anyMatch(n -> n.startsWith("app 'api': watch: "))
                .anyMatch(n -> n.startsWith("app 'api': hooks "))
                .anyMatch(n -> n.startsWith("app 'api': log_max_size: "))
                .anyMatch(n -> n.startsWith("app 'api': readiness, liveness: systemd runs no health probes"))
                .anyMatch(n -> n.startsWith("app 'migrate': depends_on.db: \"healthy\" becomes \"started\""))
                .anyMatch(n -> n.startsWith("app 'nightly': overlap: "));
        String target = byName(systemd).get("my-stack.target");
        systemd.notes().forEach(n -> assertThat(target).contains("#   " + n + "\n"));

        ExportedFiles k8s = export(ExportTarget.KUBERNETES);
        assertThat(k8s.notes()).anyMatch(n -> n.startsWith("app 'api': watch: no file watching in Kubernetes"))
                .anyMatch(n -> n.startsWith("app 'api': depends_on: "))
                .anyMatch(n -> n.startsWith("app 'db': stop_signal: "));
        String manifests = k8s.files().getFirst().text();
        k8s.notes().forEach(n -> assertThat(manifests).contains("#   " + n + "\n"));
    }

    @Test
    void composeCarriesCommandsConditionsHealthchecksReplicasAndLimits() throws Exception {
        ExportedFiles compose = export(ExportTarget.COMPOSE);
        assertThat(compose.files()).extracting(ExportedFiles.File::name).containsExactly("compose.yaml");
        String yaml = compose.files().getFirst().text();
        assertThat(yaml).contains("# image: every service names a PLACEHOLDER image");
        assertThat(yaml).contains("""
                  api:
                    image: PLACEHOLDER/my-stack-api:latest
                    command:
                    - python3
                    - api.py
                    - --greeting
                """);
        assertThat(yaml).contains("""
                    depends_on:
                      migrate:
                        condition: service_completed_successfully
                      db:
                        condition: service_started
                    deploy:
                      replicas: 3
                    mem_limit: 268435456
                    cpus: 0.5
                    pids_limit: 64
                """);
        assertThat(yaml).contains("""
                    healthcheck:
                      test:
                      - CMD
                      - curl
                      - -fsS
                      - -o
                      - /dev/null
                      - http://127.0.0.1:8080/health?deep=1
                      interval: 10s
                      timeout: 1s
                      retries: 3
                      start_period: 3s
                """);
        assertThat(yaml).contains("""
                    depends_on:
                      db:
                        condition: service_healthy
                """).contains("    restart: on-failure\n").contains("    stop_signal: SIGINT\n")
                .contains("    user: postgres:postgres\n").contains("  nightly:\n").contains("    restart: \"no\"\n");
    }

    @Test
    void kubernetesWritesDeploymentsServicesAndCronJobs() throws Exception {
        ExportedFiles k8s = export(ExportTarget.KUBERNETES);
        assertThat(k8s.files()).extracting(ExportedFiles.File::name).containsExactly("my-stack.k8s.yaml");
        String yaml = k8s.files().getFirst().text();
        assertThat(yaml.split("\n---\n")).hasSize(6); // header+db, migrate, api, api's Service, nightly... as documents
        assertThat(yaml).contains("kind: Deployment\nmetadata:\n  name: api\n", "  replicas: 3\n", """
                        readinessProbe:
                          httpGet:
                            path: /health?deep=1
                            port: 8080
                            scheme: HTTP
                          initialDelaySeconds: 3
                          periodSeconds: 10
                          timeoutSeconds: 1
                          failureThreshold: 3
                          successThreshold: 1
                        livenessProbe:
                          exec:
                            command:
                            - curl
                """, """
                        resources:
                          limits:
                            memory: "268435456"
                            cpu: 500m
                """, """
                          tcpSocket:
                            port: 5432
                          initialDelaySeconds: 0
                          periodSeconds: 2
                          timeoutSeconds: 1
                          failureThreshold: 5
                """, "kind: Service\n", "    port: 8080\n", "kind: CronJob\n", "  schedule: 30 2 * * 1-5\n",
                "  concurrencyPolicy: Allow\n", "          restartPolicy: Never\n", "      terminationGracePeriodSeconds: 7\n");
    }

    @Test
    void cronExpressionsBecomeSystemdCalendarValues() {
        assertThat(SystemdCalendar.of("*/15 9-17 * * 1-5").onCalendar()).containsExactly("Mon..Fri *-*-* 9..17:0/15:00");
        assertThat(SystemdCalendar.of("@daily").onCalendar()).containsExactly("*-*-* 0:0:00");
        assertThat(SystemdCalendar.of("0 0 1-10/3 JAN,JUL *").onCalendar()).containsExactly("*-1,7-1,4,7,10 0:0:00");
        assertThat(SystemdCalendar.of("5 4 * * SUN,SAT").onCalendar()).containsExactly("Sun,Sat *-*-* 4:5:00");
        assertThat(SystemdCalendar.of("0 12 * * 7").onCalendar()).containsExactly("Sun *-*-* 12:0:00");
        // cron ORs day of month and day of week when both are restricted; systemd ANDs: two lines.
        assertThat(SystemdCalendar.of("0 3 1 * 0").onCalendar()).containsExactly("*-*-1 3:0:00", "Sun *-*-* 3:0:00");
    }

    @Test
    void systemdQuotingLeavesPlainWordsAndQuotesTheRest() {
        assertThat(SystemdText.word("/usr/bin/node")).isEqualTo("/usr/bin/node");
        assertThat(SystemdText.word("")).isEqualTo("\"\"");
        assertThat(SystemdText.word("a b")).isEqualTo("\"a b\"");
        assertThat(SystemdText.word(";")).isEqualTo("\";\"");
        assertThat(SystemdText.word("back\\slash")).isEqualTo("\"back\\\\slash\"");
        assertThat(SystemdText.assignment("A", "x=1 %n")).isEqualTo("\"A=x=1 %%n\"");
    }
}
