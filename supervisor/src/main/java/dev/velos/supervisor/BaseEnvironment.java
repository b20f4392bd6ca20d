// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a child starts from before its own env is laid on top. Not the embedding
 * JVM's whole environment: a daemon auto-started from somebody's shell would otherwise hand that
 * shell's secrets (tokens, passwords, {@code AWS_*}) to every app started later from anywhere
 * (issue 14.5). The base keeps only what identifies the user and the locale and lets programs
 * be found — the variables a login sets and systemd gives a service:
 * {@code PATH HOME USER LOGNAME SHELL LANG LANGUAGE LC_* TZ TMPDIR XDG_RUNTIME_DIR}.
 * {@code TERM} is left out on purpose: a supervised app has pipes, not a terminal.
 * A missing {@code PATH} becomes {@value #DEFAULT_PATH}, as a login shell would set it.
 */
final class BaseEnvironment {
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    static final List<String> VARIABLES = List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ",
            "TMPDIR", "XDG_RUNTIME_DIR");
    private static final String LOCALE_PREFIX = "LC_";

    private BaseEnvironment() {
    }

    /** The base variables found in {@code from} (usually {@code System.getenv()}). */
    static Map<String, String> of(Map<String, String> from) {
        Map<String, String> base = new HashMap<>();
        for (String name : VARIABLES) {
            String value = from.get(name);
            if (value != null) {
                base.put(name, value);
            }
        }
        base.putIfAbsent("PATH", DEFAULT_PATH);
        from.forEach((name, value) -> {
            if (name.startsWith(LOCALE_PREFIX)) {
                base.put(name, value);
            }
        });
        return Map.copyOf(base);
    }
}
