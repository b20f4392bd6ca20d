// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain shape in which {@code apply} compares an app (an {@link AppState}'s settings): what a
 * config file wants (config) and what the daemon runs (ipc) are both written through these, keyed
 * by their velos.toml names, so that one difference is one named field. Values are plain: String,
 * Long, Boolean, List, Map.
 */
public final class ComparedSettings {
    private ComparedSettings() {
    }

    /** script, args, cwd (absolute, normalised), interpreter ("" = auto) and instances (at least 1). */
    public static Map<String, Object> common(String script, List<String> args, String cwd, String interpreter,
                                             Integer instances) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("script", script);
        s.put("args", List.copyOf(args == null ? List.of() : args));
        s.put("cwd", cwd == null ? "" : Path.of(cwd).toAbsolutePath().normalize().toString());
        s.put("interpreter", interpreter == null ? "" : interpreter);
        s.put("instances", (long) (instances == null || instances < 1 ? 1 : instances));
        return s;
    }

    /** The restart policy; {@code mode} is {@code always}, {@code on-failure} or {@code never}. */
    public static void restart(Map<String, Object> s, String mode, long maxRestarts, long minUptime, long restartDelay,
                               boolean expBackoff, long killTimeout) {
        s.put("autorestart", mode);
        s.put("max_restarts", maxRestarts);
        s.put("min_uptime", minUptime);
        s.put("restart_delay", restartDelay);
        s.put("exp_backoff_restart_delay", expBackoff);
        s.put("kill_timeout", killTimeout);
    }

    public static void watch(Map<String, Object> s, boolean watch, List<String> paths, List<String> ignore, long delay) {
        s.put("watch", watch);
        s.put("watch_paths", List.copyOf(paths == null ? List.of() : paths));
        s.put("watch_ignore", List.copyOf(ignore == null ? List.of() : ignore));
        s.put("watch_delay", delay);
    }

    public static void ready(Map<String, Object> s, boolean waitReady, long listenTimeout, boolean shutdownWithMessage) {
        s.put("wait_ready", waitReady);
        s.put("listen_timeout", listenTimeout);
        s.put("shutdown_with_message", shutdownWithMessage);
    }

    /** The listening sockets in {@link ListenAddress}'s own spelling (a text it cannot read is kept as it is). */
    public static void listen(Map<String, Object> s, List<String> uris) {
        s.put("listen", uris.stream().map(u -> {
            try {
                return ListenAddress.parse(u).toString();
            } catch (VelosException e) {
                return u;
            }
        }).toList());
    }

    /** Every orchestration key but autorestart (absent ones as "") so that removing one from the file is a change. */
    public static void orchestration(Map<String, Object> s, Map<String, Object> values) {
        for (String key : OrchestrationSettings.KEYS) {
            if (!key.equals("autorestart")) {
                s.put(key, plain(values.getOrDefault(key, "")));
            }
        }
    }

    /** Numbers as Long and nested maps and lists copied, so values decoded from MessagePack compare with the file's. */
    @SuppressWarnings("unchecked")
    public static <T> T plain(T value) {
        return (T) switch (value) {
            case null -> null;
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(k, plain(v)));
                yield out;
            }
            case List<?> l -> l.stream().map(ComparedSettings::plain).toList();
            case Integer i -> (long) i;
            case Short sh -> (long) sh;
            case Byte b -> (long) b;
            default -> value;
        };
    }
}
