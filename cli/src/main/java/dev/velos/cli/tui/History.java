// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last {@link #CAPACITY} samples of one process: two minutes at one refresh a second. */
final class History {
    static final int CAPACITY = 120;
    private final Deque<Double> cpu = new ArrayDeque<>();
    private final Deque<Long> memory = new ArrayDeque<>();

    void add(double cpuPercent, long memoryBytes) {
        cpu.addLast(cpuPercent);
        memory.addLast(memoryBytes);
        if (cpu.size() > CAPACITY) {
            cpu.removeFirst();
            memory.removeFirst();
        }
    }

    List<Double> cpu() {
        return new ArrayList<>(cpu);
    }

    List<Long> memory() {
        return new ArrayList<>(memory);
    }
}
