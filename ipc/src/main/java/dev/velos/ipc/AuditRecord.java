// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One state-changing request in the audit trail ({@code $VELOS_HOME/audit.log}, issue 23), one
 * JSON object per line:
 * <pre>{"time":"2026-05-01T10:00:00.123Z","channel":"mcp","actor":"token:ci","scope":"operate",
 *  "command":"restart","target":"api","args":{},"result":"ok"}</pre>
 * and {@code "result":"error","error":"<message>"} when it failed.
 *
 * <ul>
 * <li>{@code channel}: {@code cli} (the daemon's socket), {@code rest}, {@code dashboard}, {@code mcp}.
 * <li>{@code actor}: {@code uid:<n>} for a local user, {@code token:<id>} for a token (see {@link Grant}).
 * <li>{@code command}: the daemon command the request amounted to ({@link Operation#command()}):
 *     start, stop, restart, reload, delete, scale, config.set.
 * <li>{@code args}: the request's arguments, with every environment value replaced by
 *     {@value #REDACTED} (the names stay: they say what changed) and long strings cut.
 * </ul>
 *
 * @param time    when the request finished
 * @param channel where it came from
 * @param actor   who made it
 * @param scope   the scope it was made with
 * @param command what it did
 * @param target  the app name, id or {@code all} it named ("" for none)
 * @param args    its arguments, redacted
 * @param error   "" when it succeeded, else why it failed
 */
public record AuditRecord(Instant time, String channel, String actor, Scope scope, String command, String target,
                          Map<String, Object> args, String error) {
    public static final String CLI = "cli";
    public static final String REST = "rest";
    public static final String DASHBOARD = "dashboard";
    public static final String MCP = "mcp";
    public static final String REDACTED = "<redacted>";
    /** An environment variable a {@code config_set} removes (its value was null). */
    public static final String REMOVED = "(removed)";
    /** Longer argument strings are cut (a record is one line a person may read). */
    static final int MAX_STRING = 1000;
    private static final int MAX_DEPTH = 8;

    public AuditRecord {
        args = redact(args);
    }

    /** A request that succeeded, made now by {@code grant} over {@code channel}. */
    public static AuditRecord succeeded(String channel, Grant grant, String command, String target, Map<String, ?> args) {
        return new AuditRecord(Instant.now(), channel, grant.actor(), grant.scope(), command, target, copy(args), "");
    }

    /** A request that failed with {@code error}. */
    public static AuditRecord failed(String channel, Grant grant, String command, String target, Map<String, ?> args,
                                     String error) {
        return new AuditRecord(Instant.now(), channel, grant.actor(), grant.scope(), command, target, copy(args),
                error.isEmpty() ? "failed" : error);
    }

    public boolean ok() {
        return error.isEmpty();
    }

    /** The record as its line's JSON object, keys in the documented order. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("time", time.toString());
        o.put("channel", channel);
        o.put("actor", actor);
        o.put("scope", scope.wireName());
        o.put("command", command);
        o.put("target", target);
        o.put("args", args);
        o.put("result", ok() ? "ok" : "error");
        if (!ok()) {
            o.put("error", error);
        }
        return o;
    }

    /** Reads one line back; throws {@link IllegalArgumentException} when it is not a record. */
    @SuppressWarnings("unchecked")
    static AuditRecord fromJson(String line) {
        Map<String, Object> o = JsonText.parseObject(line);
        try {
            return new AuditRecord(Instant.parse((String) o.get("time")), (String) o.get("channel"), (String) o.get("actor"),
                    Scope.parse((String) o.get("scope")), (String) o.get("command"), (String) o.getOrDefault("target", ""),
                    o.get("args") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(),
                    "ok".equals(o.get("result")) ? "" : String.valueOf(o.getOrDefault("error", "failed")));
        } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException
                 | dev.velos.model.VelosException e) {
            throw new IllegalArgumentException("not an audit record: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> copy(Map<String, ?> args) {
        return new LinkedHashMap<>(args);
    }

    /** {@code args} with environment values replaced and long strings cut, as an unmodifiable copy. */
    static Map<String, Object> redact(Map<String, ?> args) {
        return redactMap(args, 0);
    }

    private static Map<String, Object> redactMap(Map<?, ?> map, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            out.put(key, key.equals("env") ? hidden(v) : key.equals("client_env") ? inherited(v) : redactValue(v, depth + 1));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Object redactValue(Object v, int depth) {
        if (depth > MAX_DEPTH) {
            return "…";
        }
        return switch (v) {
            case null -> "";
            case Map<?, ?> m -> redactMap(m, depth);
            case Iterable<?> list -> {
                List<Object> out = new ArrayList<>();
                list.forEach(item -> out.add(redactValue(item, depth + 1)));
                yield List.copyOf(out);
            }
            case Number n -> n;
            case Boolean b -> b;
            default -> cut(v.toString());
        };
    }

    /**
     * The environment a client sends for its apps to inherit (hundreds of variables, and secrets
     * among them): only how many, never names or values.
     */
    private static Object inherited(Object env) {
        if (env instanceof Map<?, ?> m) {
            return "(" + m.size() + INHERITED_SUFFIX;
        }
        // Already summed up (records are redacted again when built from redacted arguments).
        return env instanceof String s && s.endsWith(INHERITED_SUFFIX) ? s : REDACTED;
    }

    private static final String INHERITED_SUFFIX = " variables of the client)";

    /**
     * An environment: {@code {"KEY": value}} keeps its keys, {@code ["KEY=value"]} its names; every
     * value becomes {@value #REDACTED}. A variable being removed ({@code null}) stays visible as such.
     */
    private static Object hidden(Object env) {
        if (env instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, value) -> out.put(cut(String.valueOf(k)), value == null || REMOVED.equals(value) ? REMOVED : REDACTED));
            return java.util.Collections.unmodifiableMap(out);
        }
        if (env instanceof Iterable<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                out.add(eq < 0 ? REDACTED : cut(s.substring(0, eq)) + "=" + REDACTED);
            });
            return List.copyOf(out);
        }
        return REDACTED;
    }

    private static String cut(String s) {
        return s.length() <= MAX_STRING ? s : s.substring(0, MAX_STRING) + "…";
    }
}
