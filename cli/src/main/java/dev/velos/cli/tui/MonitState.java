// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.velos.cli.tui.MonitModel.LogLine;
import dev.velos.cli.tui.MonitModel.Mode;
import dev.velos.ipc.WireTypes.ProcessView;

/**
 * The dashboard's state and its key bindings (REFERENCE §12), without any terminal or daemon:
 * {@link #update} takes each refresh's process list, {@link #onKey} a key and answers what to do,
 * {@link #snapshot} freezes a frame. The selection follows a process by name across refreshes
 * and re-sorting; moving it resets the log scroll.
 */
final class MonitState {
    /** The signal picker's choices. */
    static final List<String> SIGNALS = List.of("SIGTERM", "SIGKILL", "SIGHUP", "SIGUSR1", "SIGUSR2");
    private static final long TOAST_MS = 5000;
    private static final int PAGE = 5;

    private List<ProcessView> all = List.of();
    private long daemonUptimeMs;
    private String selectedName = "";
    private SortKey sort = SortKey.NAME;
    private Mode mode = Mode.NORMAL;
    private String filter = "";
    private String filterEdit = "";
    private int logScroll;
    private int signalChoice;
    private final Map<String, History> histories = new HashMap<>();
    private final Map<String, Integer> restarts = new HashMap<>();
    private String toast = "";
    private long toastUntil;

    /** One refresh: the processes, the daemon's uptime, and the time now (for toasts). */
    void update(List<ProcessView> processes, long daemonUptimeMs, long nowMs) {
        this.all = List.copyOf(processes);
        this.daemonUptimeMs = daemonUptimeMs;
        for (ProcessView p : processes) {
            histories.computeIfAbsent(p.name(), n -> new History()).add(p.cpuPercent(), p.memoryBytes());
            Integer before = restarts.put(p.name(), p.restartCount());
            if (before != null && p.restartCount() > before) {
                toast(p.name() + " restarted (x" + p.restartCount() + ")", nowMs);
            }
        }
        histories.keySet().retainAll(processes.stream().map(ProcessView::name).toList());
        restarts.keySet().retainAll(histories.keySet());
        if (selected().isEmpty()) {
            List<ProcessView> rows = rows();
            selectedName = rows.isEmpty() ? "" : rows.getFirst().name();
        }
    }

    /** Shows {@code text} at the bottom right for five seconds. */
    void toast(String text, long nowMs) {
        toast = text;
        toastUntil = nowMs + TOAST_MS;
    }

    Mode mode() {
        return mode;
    }

    /** The table's rows: filtered by name (case-insensitive substring), then sorted. */
    List<ProcessView> rows() {
        String needle = (mode == Mode.FILTER ? filterEdit : filter).toLowerCase(Locale.ROOT);
        return all.stream().filter(p -> p.name().toLowerCase(Locale.ROOT).contains(needle)).sorted(sort.order()).toList();
    }

    Optional<ProcessView> selected() {
        return rows().stream().filter(p -> p.name().equals(selectedName)).findFirst();
    }

    /** Handles one key in the current mode. */
    MonitAction onKey(Key key) {
        return switch (mode) {
            case NORMAL -> normal(key);
            case FILTER -> filtering(key);
            case DETAIL -> close(key, key.type() == Key.Type.ENTER || key.is('q'));
            case HELP -> close(key, key.is('?') || key.is('q'));
            case SIGNAL -> picking(key);
            case CONFIRM_DELETE -> confirming(key);
        };
    }

    private MonitAction normal(Key key) {
        Optional<String> name = selected().map(ProcessView::name);
        switch (key.type()) {
            case CTRL_C, ESC -> {
                return new MonitAction.Quit();
            }
            case UP -> move(-1);
            case DOWN -> move(1);
            case TAB -> sort = sort.next();
            case ENTER -> mode = name.isPresent() ? Mode.DETAIL : mode;
            case PAGE_UP -> logScroll += PAGE;
            case PAGE_DOWN -> logScroll = Math.max(0, logScroll - PAGE);
            case CHAR -> {
                return normalChar(key.ch(), name);
            }
            default -> {
                // other keys do nothing
            }
        }
        return MonitAction.NONE;
    }

    private MonitAction normalChar(char c, Optional<String> name) {
        switch (c) {
            case 'q' -> {
                return new MonitAction.Quit();
            }
            case 'k' -> move(-1);
            case 'j' -> move(1);
            case '/' -> {
                mode = Mode.FILTER;
                filterEdit = filter;
            }
            case '?' -> mode = Mode.HELP;
            case 'K' -> {
                if (name.isPresent()) {
                    mode = Mode.SIGNAL;
                    signalChoice = 0;
                }
            }
            case 'd' -> mode = name.isPresent() ? Mode.CONFIRM_DELETE : mode;
            case 'r' -> {
                return name.<MonitAction>map(MonitAction.Restart::new).orElse(MonitAction.NONE);
            }
            case 's' -> {
                return name.<MonitAction>map(MonitAction.Stop::new).orElse(MonitAction.NONE);
            }
            default -> {
                // unbound
            }
        }
        return MonitAction.NONE;
    }

    private void move(int delta) {
        List<ProcessView> rows = rows();
        if (rows.isEmpty()) {
            return;
        }
        int index = rows.indexOf(selected().orElse(rows.getFirst()));
        int next = Math.max(0, Math.min(rows.size() - 1, index + delta));
        selectedName = rows.get(next).name();
        logScroll = 0;
    }

    private MonitAction filtering(Key key) {
        switch (key.type()) {
            case ESC, CTRL_C -> {
                filter = "";
                filterEdit = "";
                mode = Mode.NORMAL;
            }
            case ENTER -> {
                filter = filterEdit;
                mode = Mode.NORMAL;
            }
            case BACKSPACE -> filterEdit = filterEdit.isEmpty() ? "" : filterEdit.substring(0, filterEdit.length() - 1);
            case CHAR -> filterEdit += key.ch();
            default -> {
                // arrows etc. do not edit
            }
        }
        if (selected().isEmpty()) {
            List<ProcessView> rows = rows();
            selectedName = rows.isEmpty() ? selectedName : rows.getFirst().name();
        }
        return MonitAction.NONE;
    }

    private MonitAction close(Key key, boolean alsoCloses) {
        if (alsoCloses || key.type() == Key.Type.ESC || key.type() == Key.Type.CTRL_C) {
            mode = Mode.NORMAL;
        }
        return MonitAction.NONE;
    }

    private MonitAction picking(Key key) {
        switch (key.type()) {
            case UP -> signalChoice = Math.max(0, signalChoice - 1);
            case DOWN -> signalChoice = Math.min(SIGNALS.size() - 1, signalChoice + 1);
            case CHAR -> {
                if (key.is('k')) {
                    signalChoice = Math.max(0, signalChoice - 1);
                } else if (key.is('j')) {
                    signalChoice = Math.min(SIGNALS.size() - 1, signalChoice + 1);
                }
            }
            case ENTER -> {
                mode = Mode.NORMAL;
                return selected().<MonitAction>map(p -> new MonitAction.Signal(p.name(), SIGNALS.get(signalChoice)))
                        .orElse(MonitAction.NONE);
            }
            case ESC, CTRL_C -> mode = Mode.NORMAL;
            default -> {
                // ignored
            }
        }
        return MonitAction.NONE;
    }

    private MonitAction confirming(Key key) {
        mode = Mode.NORMAL;
        if (key.is('y') || key.is('Y')) {
            return selected().<MonitAction>map(p -> new MonitAction.Delete(p.name())).orElse(MonitAction.NONE);
        }
        return MonitAction.NONE;
    }

    /** The frame to draw now, with the selected process's {@code logs}. */
    MonitModel snapshot(List<LogLine> logs, long nowMs) {
        List<ProcessView> rows = rows();
        Optional<ProcessView> current = selected();
        int index = current.map(rows::indexOf).orElse(0);
        History history = current.map(p -> histories.get(p.name())).orElse(null);
        int maxScroll = Math.max(0, logs.size() - 1);
        logScroll = Math.min(logScroll, maxScroll);
        return new MonitModel(all, rows, index, daemonUptimeMs, sort, mode, mode == Mode.FILTER ? filterEdit : filter,
                history == null ? List.of() : history.cpu(), history == null ? List.of() : history.memory(), logs,
                logScroll, signalChoice, nowMs < toastUntil ? Optional.of(toast) : Optional.empty());
    }
}
