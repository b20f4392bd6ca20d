// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * How much a caller of an HTTP server or an MCP session may do (issue 23), each scope including
 * the ones before it: {@link #READ} looks, {@link #OPERATE} also starts, stops, restarts and
 * scales the apps that exist and tunes their restart and limit settings, {@link #ADMIN} also runs
 * new commands, deletes apps and changes what an app runs (command, arguments, directory,
 * environment). What each operation needs is {@link Operation}'s table.
 */
public enum Scope {
    READ,
    OPERATE,
    ADMIN;

    /** The lower-case name used in options, token files and messages ({@code read}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a caller with this scope may do what {@code needed} allows. */
    public boolean includes(Scope needed) {
        return compareTo(needed) >= 0;
    }

    /** {@code read}, {@code operate} or {@code admin} (any case); throws INVALID_ARGUMENT naming the choices. */
    public static Scope parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.wireName().equals(t)).findFirst()
                .orElseThrow(() -> new VelosException(ErrorCode.INVALID_ARGUMENT, "unknown scope '" + text
                        + "': use " + Arrays.stream(values()).map(Scope::wireName).collect(Collectors.joining(", "))));
    }
}
