// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's boot id ({@code /proc/sys/kernel/random/boot_id}, a new random UUID at every boot):
 * saved in state.bin so that a daemon starting after a crash can tell "the previous daemon died,
 * its apps may still run" from "the machine rebooted, nothing survived". Read once.
 */
final class BootId {
    private static final Path FILE = Path.of("/proc/sys/kernel/random/boot_id");
    private static final String CURRENT = read();

    private BootId() {
    }

    /** This boot's id, "" when it cannot be read (then no saved list ever counts as this boot's). */
    static String current() {
        return CURRENT;
    }

    private static String read() {
        try {
            return Files.readString(FILE).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
