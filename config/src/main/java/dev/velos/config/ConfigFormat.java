// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The config file formats velos reads (issue 18), each turned into the same validated
 * {@link AppConfig}s: its own TOML, and the files people already have from PM2, supervisord and
 * process-compose.
 */
public enum ConfigFormat {
    /** {@code velos.toml}. */
    VELOS("velos"),
    /** A PM2 ecosystem file: {@code ecosystem.config.js}/{@code .cjs}/{@code .mjs}, JSON or YAML. */
    PM2("pm2"),
    /** A supervisord INI file with {@code [program:x]} sections. */
    SUPERVISORD("supervisord"),
    /** A process-compose YAML file with a {@code processes:} map. */
    PROCESS_COMPOSE("process-compose");

    private static final Pattern PROGRAM_SECTION = Pattern.compile("(?m)^\\s*\\[(program|supervisord|group|include)[:\\]]");
    private static final Pattern PROCESSES_KEY = Pattern.compile("(?m)^processes\\s*:");

    private final String word;

    ConfigFormat(String word) {
        this.word = word;
    }

    /** The name users write ({@code velos import pm2 ...}, REST's {@code "format"}). */
    public String word() {
        return word;
    }

    /** The format a user named: {@code velos}/{@code toml}, {@code pm2}, {@code supervisord}, {@code process-compose}. */
    public static Optional<ConfigFormat> named(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (w) {
            case "velos", "toml" -> Optional.of(VELOS);
            case "pm2", "ecosystem" -> Optional.of(PM2);
            case "supervisord", "supervisor", "ini" -> Optional.of(SUPERVISORD);
            case "process-compose", "processcompose", "compose" -> Optional.of(PROCESS_COMPOSE);
            default -> Optional.empty();
        };
    }

    /**
     * The file name a text in this format is given when a client sends the text alone
     * ({@code POST /api/apply}, MCP's {@code config_apply}); a PM2 text without an extension is
     * told apart as JSON, YAML or JavaScript by its look.
     */
    public String defaultFileName() {
        return switch (this) {
            case VELOS -> "velos.toml";
            case PM2 -> "ecosystem.config";
            case SUPERVISORD -> "supervisord.conf";
            case PROCESS_COMPOSE -> "process-compose.yaml";
        };
    }

    /**
     * Whether {@code file} names a config file rather than a program ({@code velos start
     * ecosystem.config.js}): a TOML, JSON, YAML, INI or .conf file, or a JavaScript file named like
     * an ecosystem file ({@code ecosystem.config.js}, {@code *.config.cjs}); any other script is an app.
     */
    public static boolean looksLikeConfig(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".toml") || name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")
                || name.endsWith(".ini") || name.endsWith(".conf")) {
            return true;
        }
        return name.matches("(.*[.-])?ecosystem([.-].*)?\\.[cm]?js") || name.matches(".*\\.config\\.[cm]?js");
    }

    /**
     * The format of {@code file} with text {@code text}: by its name first ({@code .toml},
     * {@code .js}/{@code .cjs}/{@code .mjs}, {@code .ini}/{@code .conf}), then, for JSON and YAML
     * and anything else, by what it holds: a {@code processes:} key is process-compose, a
     * {@code [program:x]} section supervisord, an {@code [apps.x]} table velos, anything else PM2.
     */
    public static ConfigFormat detect(Path file, String text) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".toml")) {
            return VELOS;
        }
        if (name.endsWith(".js") || name.endsWith(".cjs") || name.endsWith(".mjs")) {
            return PM2;
        }
        if (name.endsWith(".ini") || name.endsWith(".conf") || PROGRAM_SECTION.matcher(text).find() && !name.endsWith(".json")
                && !name.endsWith(".yaml") && !name.endsWith(".yml")) {
            return SUPERVISORD;
        }
        if (PROCESSES_KEY.matcher(text).find()) {
            return PROCESS_COMPOSE;
        }
        if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
            return PM2;
        }
        return text.contains("[apps.") ? VELOS : PM2;
    }
}
