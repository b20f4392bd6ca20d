// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.velos.model.LogLine;

/**
 * The last {@code capacity} lines of one process, both streams interleaved in arrival order.
 * Appended by the supervisor's loop thread, read by request threads; the lock is held only for
 * an array-deque operation.
 */
public final class LogRing {
    public static final int DEFAULT_CAPACITY = 1000;

    private final int capacity;
    private final ArrayDeque<LogLine> lines;
    private final ReentrantLock lock = new ReentrantLock();

    public LogRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 64));
    }

    public void add(LogLine line) {
        lock.lock();
        try {
            if (lines.size() == capacity) {
                lines.pollFirst();
            }
            lines.addLast(line);
        } finally {
            lock.unlock();
        }
    }

    /** The newest {@code n} lines, oldest first. */
    public List<LogLine> last(int n) {
        lock.lock();
        try {
            int skip = Math.max(0, lines.size() - Math.max(0, n));
            List<LogLine> result = new ArrayList<>(lines.size() - skip);
            int i = 0;
            for (LogLine line : lines) {
                if (i++ >= skip) {
                    result.add(line);
                }
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return lines.size();
        } finally {
            lock.unlock();
        }
    }
}
