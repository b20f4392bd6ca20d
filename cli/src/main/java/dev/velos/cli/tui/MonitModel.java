// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.List;
import java.util.Optional;

import dev.velos.ipc.WireTypes.ProcessView;

/**
 * Everything one frame of the dashboard shows, frozen: {@link MonitScreen#render} draws it.
 *
 * @param all             every process (for the header's totals)
 * @param rows            the table's rows, filtered and sorted
 * @param selected        index into {@code rows} (0 when empty)
 * @param daemonUptimeMs  how long the daemon has run
 * @param cpuHistory      the selected process's CPU % samples, oldest first
 * @param memHistory      its memory samples in bytes, oldest first
 * @param logs            its newest log lines, oldest first
 * @param logScroll       lines scrolled back from the newest (0 = follow)
 * @param filterText      the filter being typed (filter mode) or applied
 * @param signalChoice    index into {@link MonitState#SIGNALS} (signal mode)
 * @param toast           a short notice for the bottom right
 */
record MonitModel(List<ProcessView> all, List<ProcessView> rows, int selected, long daemonUptimeMs, SortKey sort,
                         Mode mode, String filterText, List<Double> cpuHistory, List<Long> memHistory,
                         List<LogLine> logs, int logScroll, int signalChoice, Optional<String> toast) {

    /** What the keyboard currently drives. */
    enum Mode { NORMAL, FILTER, DETAIL, SIGNAL, HELP, CONFIRM_DELETE }

    /** One captured line: {@code err} or {@code out}, and the text. */
    record LogLine(boolean err, String text) {
    }

    Optional<ProcessView> selectedProcess() {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(Math.min(selected, rows.size() - 1)));
    }
}
