// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;

/**
 * The per-child channel (REFERENCE §4): a socketpair end at fd 3, named by {@code VELOS_IPC_FD}.
 *
 * @param waitReady           stay {@code starting} until the app sends a message on the channel
 * @param listenTimeout       then {@code running} anyway after this long (with a warning)
 * @param shutdownWithMessage on stop, send {@code {"type":"shutdown"}} on the channel instead of SIGTERM
 * @param watchdog            with wait-ready: the app must send {@code WATCHDOG=1} on NOTIFY_SOCKET at least
 *                            this often once ready (it learns it from {@code WATCHDOG_USEC}), else it is
 *                            restarted; zero = off
 */
public record ReadyPolicy(boolean waitReady, Duration listenTimeout, boolean shutdownWithMessage, Duration watchdog) {
    public static final ReadyPolicy NONE = new ReadyPolicy(false, Duration.ofMillis(8000), false, Duration.ZERO);

    public ReadyPolicy(boolean waitReady, Duration listenTimeout, boolean shutdownWithMessage) {
        this(waitReady, listenTimeout, shutdownWithMessage, Duration.ZERO);
    }

    public ReadyPolicy {
        if (listenTimeout.isNegative() || listenTimeout.isZero()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "listen_timeout must be positive, got "
                    + listenTimeout.toMillis() + " ms");
        }
        if (watchdog.isNegative()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "watchdog must not be negative");
        }
    }

    /** Whether the child gets a channel at all. */
    public boolean needsChannel() {
        return waitReady || shutdownWithMessage;
    }
}
