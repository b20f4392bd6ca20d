// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

/**
 * Answers one request. Runs on the connection's virtual thread, so it may block (on a
 * supervisor future, say). {@code args} is decoded by the handler with the codec of the command
 * ({@code args.as(WireCodecs.TARGET_ARGS)}); a malformed one is a {@link ProtocolException}. A
 * {@link dev.velos.model.VelosException} (ProtocolException included) becomes an error response
 * with its code; any other exception an {@code internal} error. The connection stays open either way.
 * The result is a {@link WireTypes} record, a list of them, or plain values.
 */
@FunctionalInterface
public interface RequestHandler {
    Object handle(String cmd, Payload args);

    /** The whole request, with its origin (see {@link Messages.Request}); by default {@link #handle(String, Payload)}. */
    default Object handle(Messages.Request request) {
        return handle(request.cmd(), request.args());
    }
}
