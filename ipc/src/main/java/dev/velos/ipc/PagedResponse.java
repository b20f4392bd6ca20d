// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.IOException;

/**
 * A {@link RequestHandler} result too large for one frame, answered in several: each page goes
 * out as a stream frame {@code {id, event: page}} as soon as it is made, then the final
 * {@code {id, ok:true, result}} (or an error) ends the answer, and the connection serves the next
 * request as after any other answer. The daemon holds one page at a time, so a reply of any size
 * costs bounded memory and never meets the 16 MiB frame limit (issue 14.8). The client side is
 * {@link VelosClient#paged}.
 */
@FunctionalInterface
public interface PagedResponse {
    /** Sends the pages through {@code sink}, in order; returns the final result (e.g. a count). */
    Object produce(PageSink sink) throws IOException;

    /** Where pages go: each is written to the client before {@code send} returns. */
    @FunctionalInterface
    interface PageSink {
        void send(Object page) throws IOException;
    }
}
