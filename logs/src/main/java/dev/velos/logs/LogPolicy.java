// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * Size rotation of one app's log files: when a file would grow past {@code maxBytes} it becomes
 * {@code <file>.1} (older ones shift to {@code .2} … {@code .retain}, the oldest is deleted) and
 * a new file starts.
 *
 * @param maxBytes size at which a file is rotated (default 10 MiB)
 * @param retain   rotated files kept per stream (default 30; 0 = none, the file is just emptied)
 */
public record LogPolicy(long maxBytes, int retain) {
    public static final LogPolicy DEFAULT = new LogPolicy(10L * 1024 * 1024, 30);
    private static final long MIN_BYTES = 4096;

    public LogPolicy {
        if (maxBytes < MIN_BYTES) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "log_max_size must be at least 4K, got " + maxBytes);
        }
        if (retain < 0 || retain > 1000) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "log_retain_count must be 0-1000, got " + retain);
        }
    }
}
