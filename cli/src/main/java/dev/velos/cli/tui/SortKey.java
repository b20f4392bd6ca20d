// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.Comparator;

import dev.velos.ipc.WireTypes.ProcessView;

/** The table's sort orders, in the order Tab cycles them: name ascending, then the numbers descending. */
enum SortKey {
    NAME("Name", Comparator.comparing(ProcessView::name)),
    CPU("CPU%", Comparator.comparingDouble(ProcessView::cpuPercent).reversed()),
    MEM("MEM", Comparator.comparingLong(ProcessView::memoryBytes).reversed()),
    UPTIME("Uptime", Comparator.comparingLong(ProcessView::uptimeMs).reversed()),
    RESTARTS("Restarts", Comparator.comparingInt(ProcessView::restartCount).reversed());

    private final String column;
    private final Comparator<ProcessView> order;

    SortKey(String column, Comparator<ProcessView> order) {
        this.column = column;
        this.order = order.thenComparingInt(ProcessView::id);
    }

    /** The header of the column this key sorts by. */
    String column() {
        return column;
    }

    Comparator<ProcessView> order() {
        return order;
    }

    SortKey next() {
        return values()[(ordinal() + 1) % values().length];
    }
}
