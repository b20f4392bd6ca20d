// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.velos.model.AppConfig;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

/**
 * A velos config file ({@code velos start --config velos.toml}): TOML 1.0, read with
 * jackson-dataformat-toml. Layout: one {@code [apps.<key>]} table per app (keys as documented in
 * {@code config/velos.example.toml}), an optional {@code [apps.<key>.env]} table, any number of
 * {@code [apps.<key>.env_<profile>]} tables, and an optional global {@code [logs]} table.
 *
 * <p>Decisions (REFERENCE §2.6 describes the original, which differs):
 * <ul>
 *   <li>All or nothing: every app in the file is validated, including apps that {@code only}
 *       leaves out, and any problem fails the whole load. All problems are reported together,
 *       each as {@code <file>:<line>: app '<name>': <key> ...}.</li>
 *   <li>Unknown keys are errors with a "did you mean" suggestion, not silently ignored: a
 *       misspelt {@code max_restart} would otherwise quietly leave the default in force.
 *       {@code log_file} and {@code merge_logs}, which the original parsed and never used, are
 *       accepted with a warning.</li>
 *   <li>Environment, lowest to highest precedence: {@code env_file}, then {@code env}, then
 *       {@code env_<profile>} when {@code --env <profile>} is given. A profile that no app in
 *       the file defines is an error listing the profiles that exist.</li>
 *   <li>Apps are returned in file order (the original used hash order).</li>
 * </ul>
 */
public final class AppConfigFile {
    private static final TomlMapper TOML = new TomlMapper();
    private static final List<String> TOP_LEVEL_KEYS = List.of("apps", "logs", "exit_policy");

    /**
     * A loaded file.
     *
     * @param file     the file as given
     * @param apps     the selected apps, in file order
     * @param logs     the {@code [logs]} table, or its defaults
     * @param warnings notes about accepted but ignored keys, each {@code <file>:<line>: <message>}
     */
    /** @param exitPolicy the file's {@code exit_policy} for {@code velos run}, if it names one */
    public record Loaded(Path file, List<AppConfig> apps, LogsConfig logs, List<String> warnings, Optional<String> exitPolicy) {
        public Loaded {
            apps = List.copyOf(apps);
            warnings = List.copyOf(warnings);
        }
    }

    private AppConfigFile() {
    }

    /**
     * Loads, validates and returns the apps of {@code file}.
     *
     * @param envProfile the {@code env_<profile>} tables to merge over {@code env}, if any
     * @param only       the app names to keep; empty keeps every app
     * @throws ConfigException naming the file, line and key of every problem; nothing is returned then
     */
    public static List<AppConfig> load(Path file, Optional<String> envProfile, Set<String> only) {
        return read(file, envProfile, only).apps();
    }

    /** As {@link #load}, with the {@code [logs]} table and the warnings. */
    public static Loaded read(Path file, Optional<String> envProfile, Set<String> only) {
        String text = readText(file);
        return read(file, text, envProfile, only);
    }

    /** As {@link #read(Path, Optional, Set)} with the file's text already read (or sent by a client). */
    static Loaded read(Path file, String text, Optional<String> envProfile, Set<String> only) {
        String shown = file.toString();
        ObjectNode root = parse(text, shown);
        return validate(file, root, SourceLines.of(text), List.of(), envProfile, only);
    }

    /**
     * Validates {@code root}, a tree of velos keys ({@code apps.<key>.<velos key>}, optional
     * {@code logs}), as read from {@code file} or translated from it; {@code lines} places each key
     * in that file, and {@code notes} (keys a translation could not honour, already located) are
     * kept as warnings.
     */
    static Loaded validate(Path file, ObjectNode root, KeyLines lines, List<String> notes, Optional<String> envProfile,
                           Set<String> only) {
        String shown = file.toString();
        Problems problems = new Problems(shown, lines);
        Path dir = file.toAbsolutePath().normalize().getParent();

        TomlTable top = new TomlTable(root, List.of(), "", problems);
        top.rejectUnknown(TOP_LEVEL_KEYS, key -> false);
        LogsConfig logs = logs(root, problems);
        Optional<String> exitPolicy = exitPolicy(root, problems);
        List<AppReader> readers = readers(root, dir, problems);
        Map<AppReader, Boolean> namesOk = checkNames(readers, problems);
        checkProfile(envProfile, readers, problems);
        Set<String> wanted = checkOnly(only, readers, problems);

        List<String> warnings = new ArrayList<>(notes);
        List<AppConfig> apps = new ArrayList<>();
        for (AppReader r : readers) {
            r.read(namesOk.get(r), envProfile, warnings)
                    .filter(app -> wanted.isEmpty() || wanted.contains(app.name()))
                    .ifPresent(apps::add);
        }
        problems.throwIfAny();
        return new Loaded(file, apps, logs, warnings, exitPolicy);
    }

    static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": config file is not valid UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e, e);
        }
    }

    /** Malformed TOML fails at once, with the parser's message and position. */
    private static ObjectNode parse(String text, String shown) {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at != null && at.getLineNr() > 0 ? shown + ":" + at.getLineNr() + ":" + at.getColumnNr() : shown;
            throw new ConfigException(where + ": invalid TOML: " + e.getOriginalMessage(), e);
        }
        return root instanceof ObjectNode object ? object : TOML.createObjectNode();
    }

    /** {@code exit_policy} (velos run): "all", "any" or an app's name; checked against the apps by run itself. */
    private static Optional<String> exitPolicy(ObjectNode root, Problems problems) {
        JsonNode value = root.get("exit_policy");
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.at(List.of("exit_policy"), "exit_policy must be \"all\", \"any\" or the name of an app, got "
                    + TomlTable.describe(value));
            return Optional.empty();
        }
        return Optional.of(value.asText().strip());
    }

    private static LogsConfig logs(ObjectNode root, Problems problems) {
        JsonNode logs = root.get("logs");
        if (logs == null) {
            return LogsConfig.DEFAULT;
        }
        if (!(logs instanceof ObjectNode table)) {
            problems.at(List.of("logs"), "logs must be a table ([logs]), got " + TomlTable.describe(logs));
            return LogsConfig.DEFAULT;
        }
        return LogsConfig.read(new TomlTable(table, List.of("logs"), "[logs] ", problems));
    }

    private static List<AppReader> readers(ObjectNode root, Path dir, Problems problems) {
        JsonNode apps = root.get("apps");
        if (apps == null || apps.isObject() && apps.isEmpty()) {
            problems.file("no apps defined: add an [apps.<name>] table with at least a script");
            return List.of();
        }
        if (!apps.isObject()) {
            problems.at(List.of("apps"), "apps must be tables such as [apps.web], got " + TomlTable.describe(apps));
            return List.of();
        }
        List<AppReader> readers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : apps.properties()) {
            if (e.getValue() instanceof ObjectNode table) {
                readers.add(new AppReader(e.getKey(), table, dir, problems));
            } else {
                problems.at(List.of("apps", e.getKey()), "apps." + e.getKey() + " must be a table ([apps."
                        + e.getKey() + "]), got " + TomlTable.describe(e.getValue()));
            }
        }
        return readers;
    }

    /** Each name valid, and no two apps with the same name. */
    private static Map<AppReader, Boolean> checkNames(List<AppReader> readers, Problems problems) {
        Map<AppReader, Boolean> ok = new HashMap<>();
        Map<String, AppReader> seen = new HashMap<>();
        for (AppReader r : readers) {
            boolean valid = r.checkName();
            AppReader first = valid ? seen.putIfAbsent(r.name(), r) : null;
            if (first != null) {
                problems.at(List.of("apps", r.key(), "name"), "app name '" + r.name() + "' is used by both [apps."
                        + first.key() + "] and [apps." + r.key() + "]");
                valid = false;
            }
            ok.put(r, valid);
        }
        return ok;
    }

    private static void checkProfile(Optional<String> profile, List<AppReader> readers, Problems problems) {
        if (profile.isEmpty()) {
            return;
        }
        Set<String> defined = new TreeSet<>();
        readers.forEach(r -> defined.addAll(r.profiles()));
        if (!defined.contains(profile.get())) {
            problems.file("unknown env profile '" + profile.get() + "': " + (defined.isEmpty()
                    ? "the file has no [apps.<name>.env_<profile>] tables"
                    : "the file defines " + String.join(", ", defined)));
        }
    }

    /** The names to keep (empty = all); names the file does not have are a problem. */
    private static Set<String> checkOnly(Set<String> only, List<AppReader> readers, Problems problems) {
        Set<String> wanted = only.stream().map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> names = readers.stream().map(AppReader::name).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> missing = wanted.stream().filter(n -> !names.contains(n)).map(n -> "'" + n + "'").toList();
        if (!missing.isEmpty()) {
            problems.file("no app named " + String.join(", ", missing) + " (apps in the file: "
                    + String.join(", ", names) + ")");
        }
        return wanted;
    }
}
