// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas of an OpenAPI 3.1 document as JSON Schema 2020-12 (which OpenAPI 3.1's schema
 * objects are), checked with a real validator (networknt json-schema-validator). A schema is
 * validated as a document of its own whose {@code $defs} are the document's component schemas.
 * Records which operations and statuses were checked, so a test can prove it covered them all.
 */
final class OpenApiSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    final JsonNode doc;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Set<String> checked = new TreeSet<>();

    OpenApiSchemas(JsonNode doc) {
        this.doc = doc;
    }

    /** Every documented operation, as "METHOD /path/template". */
    Set<String> operations() {
        Set<String> ops = new TreeSet<>();
        doc.get("paths").properties().forEach(p -> METHODS.stream().filter(m -> p.getValue().has(m))
                .forEach(m -> ops.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
        return ops;
    }

    /** The operations {@link #check} has seen. */
    Set<String> checkedOperations() {
        Set<String> ops = new TreeSet<>();
        checked.forEach(c -> ops.add(c.substring(0, c.lastIndexOf(' '))));
        return ops;
    }

    /**
     * Asserts that {@code reply} is documented for {@code method template} (its status is one of
     * the operation's responses, with its content type) and that its JSON body matches the schema.
     */
    void check(String method, String template, Http.Reply reply) {
        JsonNode op = doc.path("paths").path(template).path(method.toLowerCase(java.util.Locale.ROOT));
        assertThat(op.isMissingNode()).as(method + " " + template + " is documented").isFalse();
        JsonNode response = op.path("responses").path(Integer.toString(reply.status()));
        assertThat(response.isMissingNode()).as(method + " " + template + " documents status " + reply.status()
                + " (body " + reply.body() + ")").isFalse();
        response = resolve(response);
        String type = reply.header("Content-Type").split(";")[0].strip();
        JsonNode content = response.path("content").path(type);
        assertThat(content.isMissingNode()).as(method + " " + template + " " + reply.status() + " documents " + type)
                .isFalse();
        if (type.equals("application/json")) {
            assertValid(content.get("schema"), reply.body(), method + " " + template + " " + reply.status());
        }
        checked.add(method + " " + template + " " + reply.status());
    }

    /** Asserts that {@code json} matches component schema {@code name} (e.g. a WebSocket message). */
    void checkComponent(String name, String json) {
        JsonNode schema = doc.path("components").path("schemas").path(name);
        assertThat(schema.isMissingNode()).as("schema " + name).isFalse();
        assertValid(JSON.createObjectNode().put("$ref", "#/components/schemas/" + name), json, name);
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : doc.at(ref.asText().substring(1));
    }

    private void assertValid(JsonNode schema, String json, String what) {
        ObjectNode root = ((ObjectNode) schema.deepCopy());
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("$defs", doc.path("components").path("schemas"));
        String text = root.toString().replace("\"#/components/schemas/", "\"#/$defs/");
        Schema compiled = registry.getSchema(text, InputFormat.JSON);
        List<String> errors = new ArrayList<>();
        compiled.validate(json, InputFormat.JSON).forEach(e -> errors.add(e.toString()));
        assertThat(errors).as(what + " answered " + (json.length() > 600 ? json.substring(0, 600) + "…" : json))
                .isEmpty();
    }

    /** Whether the validator rejects {@code json} for component {@code name}: proof that it is not blind. */
    boolean rejects(String name, String json) {
        try {
            checkComponent(name, json);
            return false;
        } catch (AssertionError e) {
            return true;
        }
    }
}
