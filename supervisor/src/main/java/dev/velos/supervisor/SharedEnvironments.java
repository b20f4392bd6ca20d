// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

import dev.velos.model.AppSpec;

/**
 * One copy of each distinct app environment in the table. Every app carries the environment of
 * the client that started it (DESIGN "App environment": 40-80 variables), decoded anew for each
 * app of a request, so 1,000 apps started together held 1,000 equal maps — 82 strings and their
 * arrays per app, most of the table's live heap (issue 15's per-app row). Specs are immutable, so
 * equal environments can be one map. A map no entry holds any more drops out of the pool with
 * its last spec (weak keys, and a weak value so the value does not hold its own key).
 * Loop thread only.
 */
final class SharedEnvironments {
    private final Map<Map<String, String>, WeakReference<Map<String, String>>> pool = new WeakHashMap<>();

    /** {@code spec}, or an equal spec whose environment is the one already held for an equal one. */
    AppSpec share(AppSpec spec) {
        Map<String, String> env = spec.env();
        if (env.isEmpty()) {
            return spec;
        }
        WeakReference<Map<String, String>> held = pool.get(env);
        Map<String, String> shared = held == null ? null : held.get();
        if (shared == null) {
            pool.put(env, new WeakReference<>(env));
            return spec;
        }
        if (shared == env) {
            return spec;
        }
        // The canonical constructor keeps an unmodifiable map as it is (Map.copyOf does not copy it).
        return new AppSpec(spec.name(), spec.script(), spec.args(), spec.cwd(), spec.interpreter(), shared,
                spec.instance(), spec.restart(), spec.ready(), spec.triggers(), spec.orchestration(), spec.listen(),
                spec.logs());
    }
}
