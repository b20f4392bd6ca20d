// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.velos.model.HealthProbe;
import dev.velos.model.ProbeCheck;

/** What the Compose and Kubernetes renderers share: YAML out of trees, durations, probe words. */
final class ExportYaml {
    // Strings that YAML would read as something else (no, true, 8080) stay quoted; the rest is bare.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();

    private ExportYaml() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** {@code tree} as a YAML document (no {@code ---}). */
    static String write(ObjectNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    /** A Compose duration: {@code 3s}, or {@code 1500ms} when it is not whole seconds. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** Whole seconds, rounded up, at least {@code min} (Kubernetes' probe fields). */
    static int seconds(Duration d, int min) {
        long s = (d.toMillis() + 999) / 1000;
        return (int) Math.max(min, Math.min(Integer.MAX_VALUE, s));
    }

    /** The probe to carry when a target has room for one: readiness first (it gates dependants), else liveness. */
    static HealthProbe healthcheck(ExportedApp app) {
        return app.settings().readiness().isEnabled() ? app.settings().readiness() : app.settings().liveness();
    }

    /** The port of an http probe's URL, its scheme's default when it names none. */
    static int port(ProbeCheck.Http http) {
        if (http.url().getPort() > 0) {
            return http.url().getPort();
        }
        return "https".equalsIgnoreCase(http.url().getScheme()) ? 443 : 80;
    }

    /** Path and query of an http probe's URL ({@code /} when empty). */
    static String pathAndQuery(ProbeCheck.Http http) {
        String path = http.url().getRawPath() == null || http.url().getRawPath().isEmpty() ? "/" : http.url().getRawPath();
        return http.url().getRawQuery() == null ? path : path + "?" + http.url().getRawQuery();
    }
}
