// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document against the server it describes: every route the server's route table
 * answers is documented with its method, every documented operation is a route, and a real
 * validator (swagger-parser) finds nothing wrong with it.
 */
class OpenApiDocumentTest {
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    @TempDir
    Path dir;

    private List<Route> serverRoutes() {
        DaemonLink daemon = new DaemonLink(dir.resolve("velos.sock"), Duration.ofSeconds(1)); // never connected here
        return new ApiRoutes(daemon, new StateCache(daemon, Duration.ofMillis(500)), dir,
                new Audit(dev.velos.ipc.AuditLog.in(dir))).registered();
    }

    private static Set<String> documented(JsonNode doc) {
        Set<String> ops = new TreeSet<>();
        doc.get("paths").properties().forEach(path -> {
            for (String m : METHODS) {
                if (path.getValue().has(m)) {
                    ops.add(m.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                }
            }
        });
        return ops;
    }

    private static SwaggerParseResult parse(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(json, null, options);
    }

    @Test
    void everyRouteOfTheServerIsDocumentedAndEveryDocumentedRouteExists() {
        Set<String> registered = new TreeSet<>();
        serverRoutes().forEach(r -> registered.add(r.method() + " " + r.template()));
        Set<String> documented = documented(OpenApiDocument.document());

        assertThat(registered).as("the routing code").contains("GET /api/v1/processes", "GET /api/processes",
                "POST /api/v1/processes/{name}/start", "GET /api/v1/logs/{name}/summary", "GET /ws", "GET /");
        assertThat(documented).as("documented routes that the server does not answer").isSubsetOf(registered);
        assertThat(registered).as("routes the document does not describe").isSubsetOf(documented);
    }

    @Test
    void everyVersionedRouteHasItsUnversionedAlias() {
        Set<String> documented = documented(OpenApiDocument.document());
        for (String op : documented) {
            String path = op.substring(op.indexOf(' ') + 1);
            if (path.startsWith(ApiVersion.V1 + "/")) {
                assertThat(documented).contains(op.replace(ApiVersion.V1 + "/", ApiVersion.UNVERSIONED + "/"));
            }
        }
        assertThat(documented.stream().filter(o -> o.contains(" /api/v1/")).count()).isGreaterThanOrEqualTo(12);
    }

    @Test
    void swaggerParserFindsNoProblemInTheDocument() {
        SwaggerParseResult result = parse(HttpJson.text(OpenApiDocument.document()));
        assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/api/v1/processes", "/api/processes", "/ws");
        assertThat(result.getOpenAPI().getComponents().getSchemas()).containsKeys("ProcessSummary", "LogSummary",
                "WsProcessUpdate", "WsLog", "WsEvent", "WsError", "WsSubscribe", "Error");
    }

    @Test
    void theValidatorIsNotBlindToABrokenDocument() {
        ObjectNode broken = OpenApiDocument.document();
        broken.remove("info");
        ((ObjectNode) broken.get("paths").get("/api/v1/processes").get("get")).putObject("responses")
                .putObject("200").put("description", "x").putObject("content").putObject("application/json")
                .putObject("schema").put("$ref", "#/components/schemas/NoSuchSchema");
        assertThat(parse(HttpJson.text(broken)).getMessages()).anyMatch(m -> m.contains("info"))
                .anyMatch(m -> m.contains("NoSuchSchema"));
    }

    @Test
    void operationIdsAreUniqueAndTheWebSocketMessagesAreDescribed() {
        JsonNode doc = OpenApiDocument.document();
        List<String> ids = new java.util.ArrayList<>();
        doc.get("paths").forEach(item -> METHODS.forEach(m -> {
            if (item.has(m)) {
                ids.add(item.get(m).get("operationId").asText());
            }
        }));
        assertThat(ids).doesNotHaveDuplicates().doesNotContain("");
        JsonNode ws = doc.get("paths").get("/ws").get("get").get("x-websocket");
        List<String> refs = new java.util.ArrayList<>();
        ws.get("clientMessages").forEach(r -> refs.add(r.get("$ref").asText()));
        ws.get("serverMessages").forEach(r -> refs.add(r.get("$ref").asText()));
        assertThat(refs).containsExactly("#/components/schemas/WsSubscribe", "#/components/schemas/WsProcessUpdate",
                "#/components/schemas/WsEvent", "#/components/schemas/WsLog", "#/components/schemas/WsError");
        for (String ref : refs) {
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }
}
