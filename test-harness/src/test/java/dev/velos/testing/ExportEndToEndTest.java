// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.gson.JsonParser;

import io.kubernetes.client.openapi.models.V1CronJob;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 22: {@code velos export systemd|compose|kubernetes} of {@code examples/stack/velos.toml},
 * each checked by a real parser of its target: {@code systemd-analyze verify} (and
 * {@code systemd-analyze calendar} for every OnCalendar=), Debian's {@code docker-compose config},
 * and the official Kubernetes Java client's model classes, which refuse unknown and missing
 * required fields ({@code kubectl --validate} needs a cluster's OpenAPI document: it cannot check
 * offline).
 */
class ExportEndToEndTest extends EndToEndTest {
    private static final Path STACK = VelosCli.REPO.resolve("examples/stack/velos.toml");

    private Path export(String target) {
        Path out = home.resolve("export-" + target);
        VelosCli.Result r = velos.ok("export", target, STACK.toString(), "-o", out.toString());
        assertThat(r.out()).contains("[velos] Wrote " + out.resolve(""));
        // Nothing is dropped silently: the stack's listen socket is noted on stderr for every target.
        assertThat(r.err()).contains("Not exported: app 'web': listen: ");
        return out;
    }

    @Test
    void systemdUnitsOfTheStackPassSystemdAnalyzeVerify() throws Exception {
        Path dir = export("systemd");
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).containsExactly("report-restart.service", "report-restart.timer", "report.service", "stack.target",
                "web@.service", "worker.service");
        VelosCli.Result verified = Shell.run(List.of("sh", "-c", "cd '" + dir + "' && systemd-analyze verify --man=no *"));
        assertThat(verified.exit()).as(verified.toString()).isZero();
        for (String name : names) {
            assertThat(verified.err()).as(verified.err()).doesNotContain(name + ":");
        }
        assertThat(Files.readString(dir.resolve("stack.target"))).contains("Wants=web@0.service web@1.service worker.service"
                + " report.service report-restart.timer\n");
        Matcher calendar = Pattern.compile("(?m)^OnCalendar=(.*)$").matcher(Files.readString(dir.resolve("report-restart.timer")));
        assertThat(calendar.find()).isTrue();
        VelosCli.Result parsed = Shell.run(List.of("systemd-analyze", "calendar", calendar.group(1)));
        assertThat(parsed.exit()).as(parsed.toString()).isZero();
        assertThat(parsed.out()).contains("Normalized form: *-*-* *:*:00");
    }

    @Test
    void composeFileOfTheStackPassesDockerComposeConfig() throws Exception {
        Path file = export("compose").resolve("compose.yaml");
        VelosCli.Result checked = Shell.run(List.of("docker-compose", "-f", file.toString(), "config"));
        assertThat(checked.exit()).as(checked.toString()).isZero();
        JsonNode normalized = new YAMLMapper().readTree(checked.out());
        assertThat(normalized.at("/services/web/deploy/replicas").asInt()).isEqualTo(2);
        assertThat(normalized.at("/services/web/command/1").asText()).isEqualTo("web.py");
        assertThat(normalized.at("/services/worker/environment/WORKER_QUEUE").asText()).isEqualTo("emails");
        assertThat(normalized.at("/services/report/restart").asText()).isEqualTo("always");
        // The same parser refuses a key Compose does not know, so a pass means something.
        Path bad = Files.writeString(file.resolveSibling("bad.yaml"), Files.readString(file).replace("    restart: always\n",
                "    restart: always\n    restart_policy_typo: 1\n"));
        assertThat(Shell.run(List.of("docker-compose", "-f", bad.toString(), "config", "-q")).exit()).isNotZero();
    }

    @Test
    void kubernetesManifestsOfTheStackAreValidKubernetesObjects() throws Exception {
        Path file = export("kubernetes").resolve("stack.k8s.yaml");
        List<String> kinds = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                String text = json.writeValueAsString(doc);
                String kind = doc.path("kind").asText();
                kinds.add(kind + "/" + doc.at("/metadata/name").asText());
                // fromJson validates: a field the API does not define, or a required one missing, throws.
                switch (kind) {
                    case "Deployment" -> assertThat(V1Deployment.fromJson(text).getSpec().getTemplate().getSpec()
                            .getContainers()).hasSize(1);
                    case "Service" -> assertThat(V1Service.fromJson(text).getSpec().getPorts()).isNotEmpty();
                    case "CronJob" -> assertThat(V1CronJob.fromJson(text).getSpec().getSchedule()).isNotBlank();
                    default -> throw new AssertionError("unexpected kind " + kind);
                }
            }
        }
        assertThat(kinds).containsExactly("Deployment/web", "Service/web", "Deployment/worker", "Deployment/report");
        // The validator is strict: a misplaced field is refused.
        String deployment = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"x\"},"
                + "\"spec\":{\"replicaz\":2,\"selector\":{},\"template\":{}}}";
        assertThat(catchThrowable(() -> V1Deployment.fromJson(deployment))).hasMessageContaining("replicaz");
        assertThat(JsonParser.parseString(deployment).isJsonObject()).isTrue();
    }

    @Test
    void printsToStdoutWithoutOutputDirAndRefusesAnUnknownTarget() {
        VelosCli.Result compose = velos.ok("export", "compose", STACK.toString(), "--only", "worker");
        assertThat(compose.out()).contains("services:\n  worker:\n").doesNotContain("  web:\n");
        VelosCli.Result bad = velos.run("export", "nomad", STACK.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown export target 'nomad': use systemd, compose or kubernetes");
        VelosCli.Result missing = velos.run("export", "systemd", home.resolve("nope.toml").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("config file not found");
    }
}
