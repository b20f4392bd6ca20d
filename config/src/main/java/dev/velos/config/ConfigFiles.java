// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The one entry point for config files (issue 18): {@code velos start <file>}, {@code start --config},
 * {@code apply}, {@code import}, {@code POST /api/apply} and MCP's {@code config_apply} all read
 * through here. The format is picked by file name and content ({@link ConfigFormat#detect}) unless
 * the caller names it; every format ends as the same validated {@link AppConfig}s, with file and
 * line for every problem and a note for every key velos cannot honour.
 */
public final class ConfigFiles {
    // jackson-databind is loaded only when a file is read (never on a plain `velos start app.js`),
    // and each mapper only when a file of its format is: a velos.toml never builds the JSON and
    // YAML mappers (their set-up is a large part of a config start's client time, issue 15).
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final class Yaml {
        static final YAMLMapper MAPPER = new YAMLMapper();
    }

    private ConfigFiles() {
    }

    /**
     * A config file's text and where it lives (relative paths in it are relative to that
     * directory). {@code file} need not exist when the text came from a client ({@code POST /api/apply}).
     */
    public record Source(Path file, String text) {
        /** The file as it is on disk. */
        public static Source of(Path file) {
            return new Source(file, AppConfigFile.readText(file));
        }
    }

    /** Reads {@code file} in the format its name and content show; {@code %(ENV_X)s} and node see this process's environment. */
    public static AppConfigFile.Loaded read(Path file, Optional<String> envProfile, Set<String> only) {
        return read(Source.of(file), Optional.empty(), envProfile, only, System.getenv());
    }

    /**
     * Reads {@code source} as {@code format} (detected when empty), keeps the apps of {@code only}
     * (empty: all) with {@code env_<envProfile>} merged over {@code env}; {@code env} is the
     * environment of the user who asked (supervisord's {@code %(ENV_X)s}, the PATH to find node).
     *
     * @throws ConfigException naming the file, line and key of every problem
     */
    public static AppConfigFile.Loaded read(Source source, Optional<ConfigFormat> format, Optional<String> envProfile,
                                            Set<String> only, Map<String, String> env) {
        ConfigFormat f = format.orElseGet(() -> ConfigFormat.detect(source.file(), source.text()));
        if (f == ConfigFormat.VELOS) {
            return AppConfigFile.read(source.file(), source.text(), envProfile, only);
        }
        Translation t = translate(source, f, env);
        return AppConfigFile.validate(source.file(), t.root(), t.lines(), t.notes(), envProfile, only);
    }

    /**
     * {@code velos import}: {@code source}, read as {@code format}, printed as the equivalent
     * {@code velos.toml}, with a comment for every key that has no velos equivalent. The file is
     * validated first, so what is printed starts as it is.
     */
    public static String importToml(Source source, ConfigFormat format, Map<String, String> env) {
        if (format == ConfigFormat.VELOS) {
            AppConfigFile.read(source.file(), source.text(), Optional.empty(), Set.of());
            return source.text();
        }
        Translation t = translate(source, format, env);
        AppConfigFile.validate(source.file(), t.root(), t.lines(), t.notes(), Optional.empty(), Set.of());
        return TomlWriter.write(t);
    }

    static Translation translate(Source source, ConfigFormat format, Map<String, String> env) {
        Path file = source.file();
        String text = source.text();
        return switch (format) {
            case VELOS -> throw new IllegalArgumentException("a velos.toml needs no translation");
            case SUPERVISORD -> SupervisordConfig.translate(file, text, env);
            case PROCESS_COMPOSE -> {
                JsonNode root = tree(Yaml.MAPPER, file, text, "YAML");
                yield ProcessComposeConfig.translate(file, root, TreeLines.of(Yaml.MAPPER.getFactory(), text));
            }
            case PM2 -> pm2(source, env);
        };
    }

    private static Translation pm2(Source source, Map<String, String> env) {
        Path file = source.file();
        String text = source.text();
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean js = name.endsWith(".js") || name.endsWith(".cjs") || name.endsWith(".mjs")
                || !name.endsWith(".json") && !name.endsWith(".yaml") && !name.endsWith(".yml") && looksLikeJs(text);
        if (js) {
            JsonNode root = tree(Json.MAPPER, file, evaluate(source, env), "JSON from node");
            JsLines lines = new JsLines(text, root);
            return Pm2Ecosystem.translate(file, root, lines::lineOf);
        }
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml") || !text.stripLeading().startsWith("{")
                && !text.stripLeading().startsWith("[");
        ObjectMapper mapper = yaml ? Yaml.MAPPER : Json.MAPPER;
        JsonNode root = tree(mapper, file, text, yaml ? "YAML" : "JSON");
        TreeLines lines = TreeLines.of(mapper.getFactory(), text);
        return Pm2Ecosystem.translate(file, root, lines::lineOf);
    }

    private static boolean looksLikeJs(String text) {
        return text.contains("module.exports") || text.contains("export default") || text.contains("require(");
    }

    /** A JavaScript source that is not on disk (sent to the API) is evaluated from a temporary copy beside nothing. */
    private static String evaluate(Source source, Map<String, String> env) {
        if (Files.isRegularFile(source.file())) {
            return NodeEvaluator.evaluate(source.file(), env);
        }
        String name = source.file().getFileName() == null ? "ecosystem.config.js" : source.file().getFileName().toString();
        String suffix = name.endsWith(".mjs") ? ".mjs" : ".cjs";
        Path tmp = null;
        try {
            Path dir = Files.createTempDirectory("velos-ecosystem");
            tmp = Files.writeString(dir.resolve("ecosystem.config" + suffix), source.text());
            return NodeEvaluator.evaluate(tmp, env);
        } catch (IOException e) {
            throw new ConfigException(source.file() + ": cannot write a temporary copy for node: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                    Files.deleteIfExists(tmp.getParent());
                } catch (IOException ignored) {
                    // a temporary file in the temp directory: left for the system to clean
                }
            }
        }
    }

    private static JsonNode tree(ObjectMapper mapper, Path file, String text, String what) {
        try {
            JsonNode root = mapper.readTree(text);
            return root == null ? mapper.createObjectNode() : root;
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at != null && at.getLineNr() > 0 ? file + ":" + at.getLineNr() + ":" + at.getColumnNr() : file.toString();
            throw new ConfigException(where + ": invalid " + what + ": " + e.getOriginalMessage(), e);
        }
    }
}
