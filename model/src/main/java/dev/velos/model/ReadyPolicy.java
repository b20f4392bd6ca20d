// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;

/**
 * The per-child channel (REFERENCE §4): a socketpair end at fd 3, named by {@code VELOS_IPC_FD}.
 *
 * @param waitReady           stay {@code starting} until the app sends a message on the channel
 * @param listenTimeout       then {@code running} anyway after this long (with a warning)
 * @param shutdownWithMessage on stop, send {@code {"type":"shutdown"}} on the channel instead of SIGTERM
 */
public record ReadyPolicy(boolean waitReady, Duration listenTimeout, boolean shutdownWithMessage) {
    public static final ReadyPolicy NONE = new ReadyPolicy(false, Duration.ofMillis(8000), false);

    public ReadyPolicy {
        if (listenTimeout.isNegative() || listenTimeout.isZero()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "listen_timeout must be positive, got "
                    + listenTimeout.toMillis() + " ms");
        }
    }

    /** Whether the child gets a channel at all. */
    public boolean needsChannel() {
        return waitReady || shutdownWithMessage;
    }
}
