// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

/** The moments a hook runs at ({@code on_crash}, {@code on_errored}, {@code on_restart}, {@code on_ready}). */
public enum HookEvent {
    /** The child exited abnormally (non-zero code or a signal) without being asked to stop. */
    CRASH("crash"),
    /** The entry became {@code errored}: a crash loop, a failed spawn, or a crash that is not restarted. */
    ERRORED("errored"),
    /** The entry is being respawned (any reason: exit, manual, liveness, memory, cron, watch...). */
    RESTART("restart"),
    /** A generation became ready ({@code running}). */
    READY("ready");

    private final String wireName;

    HookEvent(String wireName) {
        this.wireName = wireName;
    }

    /** The value of {@code VELOS_EVENT} and of the webhook's {@code event} field. */
    public String wireName() {
        return wireName;
    }
}
