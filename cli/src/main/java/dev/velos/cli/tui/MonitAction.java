// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

/** What a key asks the dashboard to do beyond changing what it shows. */
sealed interface MonitAction {
    /** Nothing for the daemon; redraw. */
    record None() implements MonitAction {
    }

    record Quit() implements MonitAction {
    }

    record Restart(String name) implements MonitAction {
    }

    record Stop(String name) implements MonitAction {
    }

    record Delete(String name) implements MonitAction {
    }

    record Signal(String name, String signal) implements MonitAction {
    }

    MonitAction NONE = new None();
}
