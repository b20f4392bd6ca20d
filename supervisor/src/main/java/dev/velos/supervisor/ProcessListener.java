// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProcessEvent;

/**
 * Receives lifecycle events on the supervisor's event-loop thread, in the order they happen.
 * Must return quickly; it may call the supervisor's methods (they only enqueue work) but must not
 * wait for their futures, which complete on this same thread.
 */
@FunctionalInterface
public interface ProcessListener {
    void onEvent(ProcessEvent event);

    /**
     * Orchestration events (waiting, probes, scheduled runs, hooks, OOM kills), on the same
     * thread and in one order with {@link #onEvent}. Ignored unless overridden.
     */
    default void onOrchestrationEvent(OrchestrationEvent event) {
    }
}
