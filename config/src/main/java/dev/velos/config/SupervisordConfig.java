// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.velos.model.VelosException;

/**
 * A supervisord config ({@code supervisord.conf}, {@code conf.d/*.conf}) rewritten in velos keys:
 * each {@code [program:x]} becomes {@code numprocs} apps named by {@code process_name}, with
 * supervisord's expansions ({@code %(program_name)s}, {@code %(process_num)02d},
 * {@code %(ENV_X)s}, {@code %(here)s}, {@code %(group_name)s}, {@code %(host_node_name)s},
 * {@code %(numprocs)d}) done per process. The other sections are supervisord's own settings
 * and are noted, not used.
 */
final class SupervisordConfig {
    private static final Pattern EXPANSION = Pattern.compile("%\\(([A-Za-z0-9_]+)\\)([-#0 +]*)(\\d*)([sd])");
    /** Keys velos honours by what it always does (whole process groups are signalled). */
    private static final Set<String> HONOURED = Set.of("stopasgroup", "killasgroup", "process_name", "numprocs",
            "numprocs_start", "command", "exitcodes");
    private static final String SECONDS = "000"; // supervisord counts seconds, velos milliseconds

    private final Translation out;
    private final Map<String, String> env;
    private final Path dir;

    private SupervisordConfig(Translation out, Map<String, String> env) {
        this.out = out;
        this.env = env;
        this.dir = out.file().toAbsolutePath().normalize().getParent();
    }

    /** {@code text} in velos keys; {@code env} is what {@code %(ENV_X)s} reads. */
    static Translation translate(Path file, String text, Map<String, String> env) {
        SupervisordConfig reader = new SupervisordConfig(new Translation(ConfigFormat.SUPERVISORD, file), env);
        List<String> errors = new ArrayList<>();
        List<IniFile.Section> sections = IniFile.parse(text, errors);
        errors.forEach(e -> reader.out.error(Integer.parseInt(e.substring(0, e.indexOf(':'))), e.substring(e.indexOf(':') + 2)));
        for (IniFile.Section s : sections) {
            if (s.name().startsWith("program:")) {
                reader.program(s);
            } else {
                reader.out.drop("[" + s.name() + "]", s.line(), why(s.name()));
            }
        }
        reader.out.throwIfErrors();
        return reader.out;
    }

    private static String why(String section) {
        String kind = section.contains(":") ? section.substring(0, section.indexOf(':')) : section;
        return switch (kind) {
            case "supervisord", "supervisorctl", "unix_http_server", "inet_http_server", "rpcinterface" ->
                    "supervisord's own settings; velos's daemon needs none (velos api serves HTTP)";
            case "include" -> "velos reads one file: copy the included [program:x] sections into it";
            case "group" -> "velos has no groups; name several apps in one command (velos restart a b)";
            default -> "velos runs programs only ([program:x])";
        };
    }

    private void program(IniFile.Section s) {
        String program = s.name().substring("program:".length()).strip();
        Map<String, IniFile.Entry> e = s.entries();
        int numprocs = integer(e, "numprocs", 1, program);
        int start = integer(e, "numprocs_start", 0, program);
        String template = e.containsKey("process_name") ? e.get("process_name").value() : "%(program_name)s";
        if (numprocs > 1 && !template.contains("process_num")) {
            out.error(line(e, "process_name", s.line()), "[" + s.name() + "]: numprocs = " + numprocs
                    + " needs a process_name with %(process_num)s in it (e.g. %(program_name)s_%(process_num)02d)");
            return;
        }
        if (!e.containsKey("command")) {
            out.error(s.line(), "[" + s.name() + "]: command is required");
            return;
        }
        for (int n = start; n < start + numprocs; n++) {
            Map<String, String> vars = vars(program, n, numprocs);
            Optional<String> name = expand(template, vars, line(e, "process_name", s.line()));
            if (name.isEmpty()) {
                continue;
            }
            if (out.hasApp(name.get())) {
                out.error(s.line(), "two programs are named '" + name.get() + "'");
                continue;
            }
            vars.put("process_name", name.get());
            app(out.app(name.get(), s.line()), e, vars, s.line());
        }
    }

    private void app(Translation.App t, Map<String, IniFile.Entry> e, Map<String, String> vars, int sectionLine) {
        String autorestart = "unexpected"; // supervisord's default
        List<String> exitcodes = List.of("0");
        for (IniFile.Entry entry : e.values()) {
            Optional<String> value = expand(entry.value(), vars, entry.line());
            if (value.isEmpty()) {
                continue;
            }
            String v = value.get();
            int line = entry.line();
            switch (entry.key()) {
                case "command" -> command(t, v, line);
                case "directory" -> t.put("cwd", v, line);
                case "environment" -> environment(t, v, line);
                case "autorestart" -> autorestart = v.toLowerCase(Locale.ROOT);
                case "exitcodes" -> exitcodes = List.of(v.split("\\s*,\\s*"));
                case "startsecs" -> seconds(t, "min_uptime", v, line);
                case "startretries" -> number(t, "max_restarts", v, line);
                case "stopwaitsecs" -> seconds(t, "kill_timeout", v, line);
                case "stopsignal" -> t.put("stop_signal", v.toUpperCase(Locale.ROOT).startsWith("SIG") || v.matches("\\d+")
                        ? v.toUpperCase(Locale.ROOT) : "SIG" + v.toUpperCase(Locale.ROOT), line);
                case "user" -> t.put("user", v, line);
                case "redirect_stderr" -> t.put("merge_logs", bool(v), line);
                case "stdout_logfile" -> logfile(t, "out_file", v, line);
                case "stderr_logfile" -> logfile(t, "error_file", v, line);
                case "stdout_logfile_maxbytes" -> logSize(t, entry.key(), v, line);
                case "stdout_logfile_backups" -> number(t, "log_retain_count", v, line);
                case "autostart" -> {
                    if (bool(v)) {
                        continue;
                    }
                    t.drop(entry.key(), line, "velos starts every app of the file; use --only to start some");
                }
                case "priority" -> t.drop(entry.key(), line, "velos starts apps in file order; for an order that"
                        + " waits, give the later app depends_on = { first = \"started\" }");
                default -> {
                    if (!HONOURED.contains(entry.key())) {
                        t.drop(entry.key(), line, "supervisord's " + entry.key() + " has no velos equivalent");
                    }
                }
            }
        }
        int line = e.containsKey("autorestart") ? e.get("autorestart").line() : sectionLine;
        switch (autorestart) {
            case "true" -> t.put("autorestart", true, line);
            case "false" -> t.put("autorestart", false, line);
            case "unexpected" -> {
                // Restart unless the exit code is an expected one: velos's stop_exit_codes.
                List<Long> codes = new ArrayList<>();
                for (String c : exitcodes) {
                    try {
                        codes.add(Long.parseLong(c.strip()));
                    } catch (NumberFormatException ex) {
                        out.error(e.get("exitcodes").line(), "exitcodes must be numbers separated by commas, got " + c);
                    }
                }
                var array = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
                codes.forEach(array::add);
                t.put("stop_exit_codes", array, e.containsKey("exitcodes") ? e.get("exitcodes").line() : line);
            }
            default -> out.error(line, "autorestart must be true, false or unexpected, got " + autorestart);
        }
    }

    /** supervisord splits the command like a shell (shlex) but runs it without one. */
    private void command(Translation.App t, String v, int line) {
        try {
            List<String> words = CommandWords.split(v);
            if (words.isEmpty()) {
                out.error(line, "command must not be empty");
                return;
            }
            t.put("script", words.getFirst(), line);
            if (words.size() > 1) {
                t.put("args", words.subList(1, words.size()), line);
            }
        } catch (VelosException ex) {
            out.error(line, "command: " + ex.getMessage());
        }
    }

    /** {@code KEY="value",KEY2=value2}: commas outside quotes separate, quotes are removed. */
    private void environment(Translation.App t, String v, int line) {
        Map<String, String> vars = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        StringBuilder item = new StringBuilder();
        char quote = 0;
        List<String> items = new ArrayList<>();
        for (char c : v.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    item.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ',' || c == '\n') {
                items.add(item.toString());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        items.add(item.toString());
        for (String kv : items) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                out.error(line, "environment: expected KEY=value, got '" + kv.strip() + "'");
                continue;
            }
            vars.put(kv.substring(0, eq).strip(), kv.substring(eq + 1));
            lines.put(kv.substring(0, eq).strip(), line);
        }
        t.env("env", vars, lines);
    }

    private void logfile(Translation.App t, String key, String v, int line) {
        if (v.equalsIgnoreCase("AUTO")) {
            return; // velos's default file under <velos home>/logs
        }
        t.put(key, v.equalsIgnoreCase("NONE") ? "/dev/null" : v, line);
    }

    /** {@code 50MB} (supervisord's KB/MB/GB) as velos's {@code 50M}; 0 means unlimited, which velos does not allow. */
    private void logSize(Translation.App t, String key, String v, int line) {
        String size = v.strip().toUpperCase(Locale.ROOT);
        if (size.equals("0")) {
            t.drop(key, line, "velos always rotates (log_max_size, default 10M); 0 (never rotate) is not possible");
            return;
        }
        t.put("log_max_size", size.endsWith("B") && size.length() > 1 && "KMG".indexOf(size.charAt(size.length() - 2)) >= 0
                ? size.substring(0, size.length() - 1) : size, line);
    }

    private void seconds(Translation.App t, String key, String v, int line) {
        if (!v.strip().matches("\\d{1,7}")) {
            out.error(line, key + " comes from a whole number of seconds, got '" + v + "'");
            return;
        }
        t.put(key, Long.parseLong(v.strip() + SECONDS), line);
    }

    private void number(Translation.App t, String key, String v, int line) {
        if (!v.strip().matches("-?\\d{1,9}")) {
            out.error(line, key + " comes from a whole number, got '" + v + "'");
            return;
        }
        t.put(key, Long.parseLong(v.strip()), line);
    }

    private int integer(Map<String, IniFile.Entry> e, String key, int fallback, String program) {
        IniFile.Entry entry = e.get(key);
        if (entry == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(entry.value().strip());
            if (n < (key.equals("numprocs") ? 1 : 0) || n > 10_000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException ex) {
            out.error(entry.line(), "[program:" + program + "]: " + key + " must be a whole number"
                    + (key.equals("numprocs") ? " from 1" : " from 0") + " to 10000, got '" + entry.value() + "'");
            return fallback;
        }
    }

    private static boolean bool(String v) {
        return Set.of("true", "yes", "on", "1").contains(v.strip().toLowerCase(Locale.ROOT));
    }

    private Map<String, String> vars(String program, int n, int numprocs) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("program_name", program);
        vars.put("group_name", program);
        vars.put("process_num", String.valueOf(n));
        vars.put("numprocs", String.valueOf(numprocs));
        vars.put("here", dir.toString());
        env.forEach((k, v) -> vars.put("ENV_" + k, v));
        return vars;
    }

    /** {@code value} with every {@code %(name)s} / {@code %(name)02d} replaced; an unknown name is an error at {@code line}. */
    private Optional<String> expand(String value, Map<String, String> vars, int line) {
        Matcher m = EXPANSION.matcher(value.replace("%%", "\u0000"));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = name.equals("host_node_name") ? hostName() : vars.get(name);
            if (v == null) {
                out.error(line, "%(" + name + ")" + m.group(4) + " is not defined" + (name.startsWith("ENV_")
                        ? " (no variable " + name.substring(4) + " in the environment)" : ""));
                return Optional.empty();
            }
            String formatted = m.group(4).equals("d") ? String.format(Locale.ROOT, "%" + m.group(2) + m.group(3) + "d",
                    Long.parseLong(v.matches("-?\\d+") ? v : "0")) : v;
            m.appendReplacement(sb, Matcher.quoteReplacement(formatted));
        }
        m.appendTail(sb);
        return Optional.of(sb.toString().replace('\u0000', '%'));
    }

    private static int line(Map<String, IniFile.Entry> e, String key, int fallback) {
        return e.containsKey(key) ? e.get(key).line() : fallback;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
