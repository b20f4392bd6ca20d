// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What applying a config file needs of a daemon, in model types only (DESIGN §2: the config engine
 * sees model alone; ipc implements this once over its client). {@code V} is how the implementation
 * shows an app after applying (ipc: its process view), handed back to the caller untouched.
 */
public interface AppDaemon<V> {
    /** What apply does to a known app by name. */
    enum Action {
        /** Start a stopped app again, as it is. */
        START_EXISTING,
        DELETE,
        RESTART,
        /** Zero-downtime: the new process before the old one stops. */
        RELOAD
    }

    /** Every app the daemon has, one {@link AppState} per app (a cluster's instances are one), env included. */
    List<AppState> apps();

    /** Starts {@code apps} in one request (all checked before any starts), sent with {@code clientEnv}. */
    void start(List<AppConfig> apps, Optional<Map<String, String>> clientEnv);

    /** Does {@code action} to every instance of the app {@code name}. */
    void act(Action action, String name);

    void scale(String name, long instances);

    /** Changes stored settings of {@code name} in place ({@code config.set}, velos.toml keys). */
    void configSet(String name, Map<String, Object> changes);

    /** How each of {@code names} runs now (its first instance), in that order; an unknown name is left out. */
    List<V> views(List<String> names);
}
