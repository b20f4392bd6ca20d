// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.velos.config.ConfigApply;
import dev.velos.config.ConfigFiles;
import dev.velos.config.ConfigFormat;

/**
 * The body of {@code POST /api/apply} (issue 18): which config file, and how to apply it. A local
 * client may name a file the server reads ({@code "path"}); a remote one sends the file itself
 * ({@code "content"} with its {@code "format"}, and optionally the {@code "file_name"} it has: its
 * directory is where relative paths in it resolve, and its name tells a PM2 file's JSON, YAML or
 * JavaScript apart). A relative path or file name resolves against the server's base directory. Options: {@code env} (profile), {@code only},
 * {@code prune}, {@code dry_run}, {@code reload}.
 *
 * @param source  the file
 * @param format  its format, when the client named one (else detected)
 * @param profile the env profile
 * @param only    the apps to keep, empty for all
 * @param options prune, dry run, restart or reload
 */
record ApplyRequest(ConfigFiles.Source source, Optional<ConfigFormat> format, Optional<String> profile, Set<String> only,
                    ConfigApply.Options options) {
    private static final Set<String> KNOWN = Set.of("path", "content", "format", "file_name", "env", "only", "prune",
            "dry_run", "reload");
    private static final String EXAMPLE = "{\"path\":\"velos.toml\"} or {\"content\":\"[apps.web]\\nscript = \\\"server.js\\\"\\n\","
            + "\"format\":\"toml\"}";

    static ApplyRequest parse(String json, Path baseDir) {
        JsonNode body = HttpJson.readObject(json, EXAMPLE);
        List<ApiError.FieldProblem> problems = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!KNOWN.contains(f)) {
                problems.add(new ApiError.FieldProblem(f, "unknown field"));
            }
        });
        Optional<String> path = text(body, "path", problems);
        Optional<String> content = text(body, "content", problems);
        Optional<String> formatName = text(body, "format", problems);
        Optional<String> fileName = text(body, "file_name", problems);
        Optional<ConfigFormat> format = formatName.flatMap(ConfigFormat::named);
        if (formatName.isPresent() && format.isEmpty()) {
            problems.add(new ApiError.FieldProblem("format", "must be toml, pm2, supervisord or process-compose"));
        }
        if (path.isPresent() == content.isPresent()) {
            problems.add(new ApiError.FieldProblem(path.isPresent() ? "content" : "path",
                    "give either path (a file the server reads) or content (the file itself, with format)"));
        }
        if (content.isPresent() && format.isEmpty() && fileName.isEmpty()) {
            problems.add(new ApiError.FieldProblem("format", "required with content (toml, pm2, supervisord or"
                    + " process-compose), unless file_name shows it"));
        }
        Set<String> only = new LinkedHashSet<>();
        JsonNode o = body.get("only");
        if (o != null && !(o.isArray() && allText(o))) {
            problems.add(new ApiError.FieldProblem("only", "must be an array of app names"));
        } else if (o != null) {
            o.forEach(n -> only.add(n.asText()));
        }
        boolean prune = bool(body, "prune", problems);
        boolean dryRun = bool(body, "dry_run", problems);
        boolean reload = bool(body, "reload", problems);
        Optional<String> profile = text(body, "env", problems);
        if (prune && !only.isEmpty()) {
            problems.add(new ApiError.FieldProblem("prune", "cannot be combined with only: prune deletes the apps the"
                    + " whole file does not name"));
        }
        if (!problems.isEmpty()) {
            throw new ApiError(422, "invalid body: " + problems.stream().map(p -> p.field() + " " + p.message()).toList(),
                    problems);
        }
        ConfigFiles.Source source;
        if (path.isPresent()) {
            try {
                source = ConfigFiles.Source.of(baseDir.resolve(path.get()).toAbsolutePath().normalize());
            } catch (dev.velos.config.ConfigException e) {
                throw new ApiError(422, e.getMessage(), List.of(new ApiError.FieldProblem("path", e.getMessage())));
            }
        } else {
            String name = fileName.orElseGet(() -> format.orElseThrow().defaultFileName());
            source = new ConfigFiles.Source(baseDir.resolve(name).toAbsolutePath().normalize(), content.orElseThrow());
        }
        return new ApplyRequest(source, format, profile, only, new ConfigApply.Options(prune, dryRun,
                reload ? ConfigApply.Mode.RELOAD : ConfigApply.Mode.RESTART, Optional.empty()));
    }

    private static Optional<String> text(JsonNode body, String field, List<ApiError.FieldProblem> problems) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            problems.add(new ApiError.FieldProblem(field, "must be a non-empty string"));
            return Optional.empty();
        }
        return Optional.of(v.textValue());
    }

    private static boolean bool(JsonNode body, String field, List<ApiError.FieldProblem> problems) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            problems.add(new ApiError.FieldProblem(field, "must be true or false"));
            return false;
        }
        return v.booleanValue();
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
