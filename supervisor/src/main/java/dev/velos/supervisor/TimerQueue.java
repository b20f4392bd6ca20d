// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.PriorityQueue;

/**
 * The event loop's timers (restart delays, kill deadlines, pipe linger, sampling, orphan reaping)
 * on the monotonic clock. The loop sleeps in epoll_wait until the earliest deadline, so no
 * timer needs its own fd or thread. Loop thread only.
 */
final class TimerQueue {
    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private long sequence;

    /** A scheduled action; {@link #cancel()} is idempotent. */
    static final class Timer implements Comparable<Timer> {
        private final long deadline;
        private final long seq;
        private final Runnable action;
        private boolean cancelled;

        private Timer(long deadline, long seq, Runnable action) {
            this.deadline = deadline;
            this.seq = seq;
            this.action = action;
        }

        void cancel() {
            cancelled = true;
        }

        /** Nanoseconds from {@code nowNanos} until it fires (a hand-over carries it to the successor). */
        long remainingNanos(long nowNanos) {
            return Math.max(0, deadline - nowNanos);
        }

        boolean isPending() {
            return !cancelled;
        }

        @Override
        public int compareTo(Timer other) {
            int byDeadline = Long.compare(deadline - other.deadline, 0);
            return byDeadline != 0 ? byDeadline : Long.compare(seq, other.seq);
        }
    }

    Timer schedule(long nowNanos, long delayNanos, Runnable action) {
        Timer timer = new Timer(nowNanos + Math.max(0, delayNanos), sequence++, action);
        queue.add(timer);
        return timer;
    }

    /** How many timers are armed (not fired, not cancelled): what can still wake the loop. */
    int pending() {
        int count = 0;
        for (Timer timer : queue) {
            if (!timer.cancelled) {
                count++;
            }
        }
        return count;
    }

    /** Milliseconds until the earliest live deadline, rounded up; -1 when there is none. */
    int millisUntilNext(long nowNanos) {
        dropCancelledHead();
        Timer head = queue.peek();
        if (head == null) {
            return -1;
        }
        long nanos = head.deadline - nowNanos;
        if (nanos <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
    }

    /** Removes and returns the next due timer's action, or null when none is due. */
    Runnable pollDue(long nowNanos) {
        dropCancelledHead();
        Timer head = queue.peek();
        if (head == null || head.deadline - nowNanos > 0) {
            return null;
        }
        queue.poll();
        head.cancelled = true;
        return head.action;
    }

    private void dropCancelledHead() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll();
        }
    }
}
