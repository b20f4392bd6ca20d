// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.velos.cli.tui.MonitModel.Mode;
import dev.velos.ipc.WireTypes.ProcessView;

import static org.assertj.core.api.Assertions.assertThat;

class MonitStateTest {
    private final MonitState state = new MonitState();

    @BeforeEach
    void threeProcesses() {
        state.update(Views.three(), 60_000, 0);
    }

    private String selected() {
        return state.selected().map(ProcessView::name).orElse("");
    }

    @Test
    void jAndKMoveTheSelectionWithinTheSortedRowsAndStopAtTheEnds() {
        assertThat(state.rows()).extracting(ProcessView::name).containsExactly("api", "web", "worker");
        assertThat(selected()).isEqualTo("api");
        state.onKey(Key.ch('j'));
        state.onKey(Key.of(Key.Type.DOWN));
        state.onKey(Key.ch('j'));
        assertThat(selected()).isEqualTo("worker");
        state.onKey(Key.ch('k'));
        assertThat(selected()).isEqualTo("web");
    }

    @Test
    void tabCyclesTheSortAndTheSelectionStaysOnTheSameProcess() {
        state.onKey(Key.ch('j')); // web
        state.onKey(Key.of(Key.Type.TAB));
        assertThat(state.snapshot(List.of(), 0).sort()).isEqualTo(SortKey.CPU);
        assertThat(state.rows()).extracting(ProcessView::name).containsExactly("web", "api", "worker");
        assertThat(selected()).isEqualTo("web");
        for (int i = 0; i < 4; i++) {
            state.onKey(Key.of(Key.Type.TAB));
        }
        assertThat(state.snapshot(List.of(), 0).sort()).isEqualTo(SortKey.NAME);
    }

    @Test
    void theFilterNarrowsTheRowsWhileTypingAndEscapeClearsIt() {
        state.onKey(Key.ch('/'));
        state.onKey(Key.ch('W'));
        assertThat(state.mode()).isEqualTo(Mode.FILTER);
        assertThat(state.rows()).extracting(ProcessView::name).containsExactly("web", "worker");
        state.onKey(Key.ch('o'));
        state.onKey(Key.of(Key.Type.ENTER));
        assertThat(state.rows()).extracting(ProcessView::name).containsExactly("worker");
        assertThat(selected()).isEqualTo("worker");
        state.onKey(Key.ch('/'));
        state.onKey(Key.of(Key.Type.ESC));
        assertThat(state.rows()).hasSize(3);
    }

    @Test
    void restartAndStopActOnTheSelectedProcessAndDeleteAsksFirst() {
        state.onKey(Key.ch('j'));
        assertThat(state.onKey(Key.ch('r'))).isEqualTo(new MonitAction.Restart("web"));
        assertThat(state.onKey(Key.ch('s'))).isEqualTo(new MonitAction.Stop("web"));
        assertThat(state.onKey(Key.ch('d'))).isEqualTo(MonitAction.NONE);
        assertThat(state.mode()).isEqualTo(Mode.CONFIRM_DELETE);
        assertThat(state.onKey(Key.ch('n'))).isEqualTo(MonitAction.NONE);
        assertThat(state.mode()).isEqualTo(Mode.NORMAL);
        state.onKey(Key.ch('d'));
        assertThat(state.onKey(Key.ch('y'))).isEqualTo(new MonitAction.Delete("web"));
    }

    @Test
    void theSignalPickerSendsTheChosenSignal() {
        state.onKey(Key.ch('K'));
        assertThat(state.mode()).isEqualTo(Mode.SIGNAL);
        state.onKey(Key.of(Key.Type.DOWN));
        state.onKey(Key.of(Key.Type.DOWN));
        state.onKey(Key.of(Key.Type.DOWN));
        assertThat(state.onKey(Key.of(Key.Type.ENTER))).isEqualTo(new MonitAction.Signal("api", "SIGUSR1"));
        assertThat(state.mode()).isEqualTo(Mode.NORMAL);
    }

    @Test
    void qEscapeAndCtrlCQuitButInAPopupEscapeOnlyClosesIt() {
        assertThat(state.onKey(Key.ch('q'))).isInstanceOf(MonitAction.Quit.class);
        assertThat(state.onKey(Key.of(Key.Type.CTRL_C))).isInstanceOf(MonitAction.Quit.class);
        state.onKey(Key.ch('?'));
        assertThat(state.onKey(Key.of(Key.Type.ESC))).isEqualTo(MonitAction.NONE);
        assertThat(state.mode()).isEqualTo(Mode.NORMAL);
        assertThat(state.onKey(Key.of(Key.Type.ESC))).isInstanceOf(MonitAction.Quit.class);
    }

    @Test
    void aRisingRestartCountShowsAToastForFiveSecondsAndHistoryKeepsTwoMinutes() {
        List<ProcessView> again = List.of(Views.view(1, "api", 5555, "running", 20, 1024, 1));
        state.update(again, 61_000, 1_000);
        assertThat(state.snapshot(List.of(), 1_000).toast()).contains("api restarted (x1)");
        assertThat(state.snapshot(List.of(), 6_500).toast()).isEmpty();
        for (int i = 0; i < 200; i++) {
            state.update(again, 0, 0);
        }
        assertThat(state.snapshot(List.of(), 0).cpuHistory()).hasSize(History.CAPACITY);
    }
}
