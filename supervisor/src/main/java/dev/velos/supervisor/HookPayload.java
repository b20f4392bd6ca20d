// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Instant;
import java.util.Map;

import dev.velos.model.ExitStatus;
import dev.velos.model.HookEvent;

/**
 * The embedder's share of a hook's payload. The supervisor knows the event; what an alert also
 * needs — the app's last log lines, its log summary — lives with the embedder (the daemon's log
 * engine), so it is asked here, once per hook run, on that hook's virtual thread (it may read
 * files; it must not take long: the hook's timeout runs meanwhile). The returned fields are
 * added to the webhook's JSON body and to a command's {@code VELOS_HOOK_JSON}; values may be
 * strings, numbers, booleans, lists and maps of those.
 */
@FunctionalInterface
public interface HookPayload {
    /** Adds nothing. */
    HookPayload NONE = context -> Map.of();

    Map<String, Object> extra(Context context);

    /**
     * What happened.
     *
     * @param id     the entry's id
     * @param app    its name
     * @param event  the hook's event
     * @param at     when
     * @param exit   the exit that caused it ({@link ExitStatus#NONE} for ready and for a manual restart)
     * @param reason the restart reason, or the crash-loop/spawn-failure detail; "" when none
     */
    record Context(int id, String app, HookEvent event, Instant at, ExitStatus exit, String reason) {
    }
}
