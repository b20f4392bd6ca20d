// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One app as {@link ApplyPlan} compares it: what a config file asks for, or what the daemon runs.
 * Both sides are brought to the same plain shape first ({@link ConfigApply}), keyed by the
 * velos.toml names, so a difference can be named ({@code ~ api (env, kill_timeout)}).
 *
 * @param name      the app's base name (a cluster's instances are one app)
 * @param settings  every compared setting but env, velos.toml key → plain value (String, Long, Boolean, List, Map)
 * @param env       the app's environment variables
 * @param running   for a running app: whether any of its instances is alive (a stopped or errored app that is
 *                  unchanged is started again); always true for a wanted one
 */
public record AppState(String name, Map<String, Object> settings, Map<String, String> env, boolean running) {
    public AppState {
        Objects.requireNonNull(name, "name");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }
}
