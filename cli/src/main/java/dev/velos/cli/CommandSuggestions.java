// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.velos.config.Spelling;

/**
 * What to suggest for a command velos does not have: the velos equivalent of a PM2 command name
 * ({@code pm2 sendSignal} → {@code velos signal}), else the closest spelling — but never a command
 * that destroys something: {@code velos describe} once suggested {@code del}, and a typo must not
 * lead anyone to delete, kill, flush or unstartup.
 */
final class CommandSuggestions {
    static final Set<String> DESTRUCTIVE = Set.of("delete", "del", "kill", "flush", "unstartup");
    /** PM2 command names (lower case) that velos spells differently. */
    private static final Map<String, String> PM2 = Map.ofEntries(
            Map.entry("sendsignal", "signal"), Map.entry("trigger", "signal"), Map.entry("gracefulreload", "reload"),
            Map.entry("dump", "save"), Map.entry("id", "list"), Map.entry("pid", "info <name> --json"),
            Map.entry("env", "info <name> --show-env"), Map.entry("desc", "info"), Map.entry("report", "info all"),
            Map.entry("ps", "list"), Map.entry("l", "list"), Map.entry("log", "logs"), Map.entry("deepupdate", "update"),
            Map.entry("ecosystem", "import"), Map.entry("init", "import"), Map.entry("inspect", "info"),
            Map.entry("monitor", "monit"), Map.entry("dashboard", "monit"), Map.entry("dash", "monit"),
            Map.entry("web", "api"), Map.entry("reloadlogs", "logs"), Map.entry("startorgracefulreload", "startOrReload"),
            Map.entry("resurect", "resurrect"), Map.entry("restore", "resurrect"), Map.entry("cleardump", "save"),
            Map.entry("describe", "info"), Map.entry("status", "list"), Map.entry("jlist", "list --json"),
            Map.entry("prettylist", "list --json"), Map.entry("startorrestart", "apply"), Map.entry("startorreload",
                    "apply --reload"));

    private CommandSuggestions() {
    }

    /** The command to suggest for {@code word}, given the commands velos has. */
    static Optional<String> suggest(String word, Collection<String> commands) {
        String lower = word.toLowerCase(Locale.ROOT);
        String pm2 = PM2.get(lower);
        if (pm2 != null) {
            return Optional.of(pm2);
        }
        Set<String> safe = new java.util.TreeSet<>(commands);
        safe.removeAll(DESTRUCTIVE);
        return Spelling.closest(lower, safe);
    }
}
