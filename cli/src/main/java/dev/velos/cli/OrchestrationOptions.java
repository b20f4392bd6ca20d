// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.velos.model.ExitCodePolicy;
import dev.velos.model.OrchestrationSettings;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code start} flags of issue 19 (dependencies, probes, exit-code policy, jobs, hooks, user,
 * limits), turned into the same settings map a TOML table gives ({@link OrchestrationSettings}),
 * so the daemon reads flags and files alike.
 */
final class OrchestrationOptions {
    @Option(names = "--depends-on", paramLabel = "<app:condition>", split = ",", descriptionKey = "depends-on")
    List<String> dependsOn = new ArrayList<>();

    @Option(names = "--autorestart", paramLabel = "<mode>", descriptionKey = "autorestart")
    String autorestart;

    @Option(names = "--stop-exit-codes", paramLabel = "<codes>", split = ",", descriptionKey = "stop-exit-codes")
    List<Long> stopExitCodes = new ArrayList<>();

    @Option(names = "--stop-signal", paramLabel = "<signal>", descriptionKey = "stop-signal")
    String stopSignal;

    @Option(names = "--cron", paramLabel = "<expr>", descriptionKey = "cron")
    String cron;

    @Option(names = "--overlap", paramLabel = "<skip|queue|replace>", descriptionKey = "overlap")
    String overlap;

    @Option(names = "--user", paramLabel = "<user>", descriptionKey = "user")
    String user;

    @Option(names = "--group", paramLabel = "<group>", descriptionKey = "group")
    String group;

    @Option(names = "--memory-max", paramLabel = "<size>", descriptionKey = "memory-max")
    String memoryMax;

    @Option(names = "--cpu-max", paramLabel = "<percent>", descriptionKey = "cpu-max")
    String cpuMax;

    @Option(names = "--pids-max", paramLabel = "<n>", descriptionKey = "pids-max")
    Long pidsMax;

    @Option(names = "--start-delay", paramLabel = "<duration>", descriptionKey = "start-delay")
    String startDelay;

    @Option(names = "--readiness-http", paramLabel = "<url>", descriptionKey = "readiness-http")
    String readinessHttp;

    @Option(names = "--readiness-tcp", paramLabel = "<host:port>", descriptionKey = "readiness-tcp")
    String readinessTcp;

    @Option(names = "--readiness-exec", paramLabel = "<command>", descriptionKey = "readiness-exec")
    String readinessExec;

    @Option(names = "--liveness-http", paramLabel = "<url>", descriptionKey = "liveness-http")
    String livenessHttp;

    @Option(names = "--liveness-tcp", paramLabel = "<host:port>", descriptionKey = "liveness-tcp")
    String livenessTcp;

    @Option(names = "--liveness-exec", paramLabel = "<command>", descriptionKey = "liveness-exec")
    String livenessExec;

    @Option(names = "--probe-period", paramLabel = "<duration>", descriptionKey = "probe-period")
    String probePeriod;

    @Option(names = "--on-crash", paramLabel = "<command>", descriptionKey = "on-crash")
    String onCrash;

    @Option(names = "--webhook", paramLabel = "<url>", descriptionKey = "webhook")
    String webhook;

    /**
     * The settings the flags give, checked by the parser the daemon uses (a usage error names the
     * flag's key); empty when no flag was given. A stop signal's name is checked by the daemon.
     * {@code command} is asked only for an error (the fast path builds no picocli model).
     */
    Map<String, Object> settings(Supplier<CommandLine> command) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (!dependsOn.isEmpty()) {
            Map<String, Object> deps = new LinkedHashMap<>();
            for (String d : dependsOn) {
                int colon = d.lastIndexOf(':');
                if (colon <= 0) {
                    throw new ParameterException(command.get(), "Invalid value for option '--depends-on': '" + d
                            + "' (use NAME:healthy, NAME:started or NAME:completed_successfully)");
                }
                deps.put(d.substring(0, colon).trim(), d.substring(colon + 1).trim());
            }
            s.put("depends_on", deps);
        }
        put(s, "autorestart", autorestart);
        if (!stopExitCodes.isEmpty()) {
            s.put("stop_exit_codes", List.copyOf(stopExitCodes));
        }
        put(s, "stop_signal", stopSignal);
        put(s, "cron", cron);
        put(s, "overlap", overlap);
        put(s, "user", user);
        put(s, "group", group);
        put(s, "memory_max", memoryMax);
        put(s, "cpu_max", cpuMax);
        if (pidsMax != null) {
            s.put("pids_max", pidsMax);
        }
        put(s, "start_delay", startDelay);
        probe(s, "readiness", readinessHttp, readinessTcp, readinessExec);
        probe(s, "liveness", livenessHttp, livenessTcp, livenessExec);
        if (onCrash != null) {
            s.put("on_crash", words(onCrash));
        }
        put(s, "webhook", webhook);
        List<String> problems = new ArrayList<>();
        OrchestrationSettings.parse(s, signal -> ExitCodePolicy.SIGTERM, (path, message) -> problems.add(message));
        if (!problems.isEmpty()) {
            throw new ParameterException(command.get(), "Invalid orchestration option: " + String.join("; ", problems));
        }
        return s;
    }

    private void probe(Map<String, Object> s, String kind, String http, String tcp, String exec) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (http != null) {
            p.put("http", http);
        }
        if (tcp != null) {
            p.put("tcp", tcp);
        }
        if (exec != null) {
            p.put("exec", words(exec));
        }
        if (!p.isEmpty()) {
            if (probePeriod != null) {
                p.put("period", probePeriod);
            }
            s.put(kind, p);
        }
    }

    private static List<String> words(String command) {
        return Arrays.stream(command.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private static void put(Map<String, Object> s, String key, String value) {
        if (value != null) {
            s.put(key, value);
        }
    }
}
