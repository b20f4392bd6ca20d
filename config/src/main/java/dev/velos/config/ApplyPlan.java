// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.velos.model.AppState;

/**
 * What {@code velos apply} will do (issue 18): the apps a config file wants against the ones the
 * daemon has, each {@code + new}, {@code ~ changed (fields)}, {@code = unchanged} or, with prune,
 * {@code - removed}. Pure: it compares values and decides nothing else; {@link ConfigApply}
 * carries it out.
 *
 * @param steps one step per app: the wanted ones in file order, then the removed ones
 */
public record ApplyPlan(List<Step> steps) {
    public ApplyPlan {
        steps = List.copyOf(steps);
    }

    /** What happens to one app. */
    public enum Action {
        NEW("+"), CHANGED("~"), UNCHANGED("="), REMOVED("-");

        private final String sign;

        Action(String sign) {
            this.sign = sign;
        }

        /** {@code +}, {@code ~}, {@code =} or {@code -}. */
        public String sign() {
            return sign;
        }

        /** The JSON spelling: new, changed, unchanged, removed. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One app's step.
     *
     * @param action  what happens to it
     * @param name    the app's name
     * @param fields  for CHANGED: the settings that differ (velos.toml names), in a stable order
     * @param stopped for UNCHANGED: the app exists but is not running, so it is started again
     */
    public record Step(Action action, String name, List<String> fields, boolean stopped) {
        public Step {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(name, "name");
            fields = List.copyOf(fields);
        }

        /** {@code + web}, {@code ~ api (env, kill_timeout)}, {@code = db}, {@code = db (stopped: started)}, {@code - old}. */
        public String line() {
            String tail = action == Action.CHANGED ? " (" + String.join(", ", fields) + ")"
                    : stopped ? " (not running: started)" : "";
            return action.sign() + " " + name + tail;
        }
    }

    /**
     * The plan that turns {@code running} into {@code wanted}.
     *
     * @param prune     whether apps that {@code wanted} does not name are removed
     * @param inherited the environment the apps inherited from the client that started them, when known
     *                  (the CLI's own): a running variable that the file does not set is then a change
     *                  unless it is inherited; when unknown (REST, MCP), only the file's variables are compared
     */
    public static ApplyPlan of(List<AppState> wanted, List<AppState> running, boolean prune,
                               Optional<Map<String, String>> inherited) {
        Map<String, AppState> byName = new LinkedHashMap<>();
        running.forEach(r -> byName.put(r.name(), r));
        List<Step> steps = new ArrayList<>();
        for (AppState w : wanted) {
            AppState r = byName.remove(w.name());
            if (r == null) {
                steps.add(new Step(Action.NEW, w.name(), List.of(), false));
                continue;
            }
            List<String> fields = differences(w, r, inherited);
            steps.add(fields.isEmpty() ? new Step(Action.UNCHANGED, w.name(), List.of(), !r.running())
                    : new Step(Action.CHANGED, w.name(), fields, false));
        }
        if (prune) {
            byName.keySet().forEach(name -> steps.add(new Step(Action.REMOVED, name, List.of(), false)));
        }
        return new ApplyPlan(steps);
    }

    /** The names of the settings that differ between {@code w} and {@code r}. */
    static List<String> differences(AppState w, AppState r, Optional<Map<String, String>> inherited) {
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, Object> e : w.settings().entrySet()) {
            if (!Objects.equals(e.getValue(), r.settings().get(e.getKey()))) {
                fields.add(e.getKey());
            }
        }
        for (String key : r.settings().keySet()) {
            if (!w.settings().containsKey(key) && !fields.contains(key)) {
                fields.add(key);
            }
        }
        if (envDiffers(w.env(), r.env(), inherited)) {
            fields.add("env");
        }
        fields.sort(null);
        return fields;
    }

    private static boolean envDiffers(Map<String, String> wanted, Map<String, String> running,
                                      Optional<Map<String, String>> inherited) {
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!e.getValue().equals(running.get(e.getKey()))) {
                return true;
            }
        }
        if (inherited.isEmpty()) {
            return false;
        }
        // A variable the app has that the file does not set came from the client that started it, or
        // was removed from the file.
        return running.keySet().stream().anyMatch(k -> !wanted.containsKey(k) && !inherited.get().containsKey(k));
    }

    /** The steps of one kind. */
    public List<Step> of(Action action) {
        return steps.stream().filter(s -> s.action() == action).toList();
    }

    /** Whether carrying it out changes nothing (every app unchanged and running). */
    public boolean isEmpty() {
        return steps.stream().allMatch(s -> s.action() == Action.UNCHANGED && !s.stopped());
    }

    /** The plan as printed, one step a line. */
    public List<String> lines() {
        return steps.stream().map(Step::line).toList();
    }
}
