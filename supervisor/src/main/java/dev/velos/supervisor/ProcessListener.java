// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import dev.velos.model.ProcessEvent;

/**
 * Receives lifecycle events on the supervisor's event-loop thread, in the order they happen.
 * Must return quickly; it may call the supervisor's methods (they only enqueue work) but must not
 * wait for their futures, which complete on this same thread.
 */
@FunctionalInterface
public interface ProcessListener {
    void onEvent(ProcessEvent event);
}
