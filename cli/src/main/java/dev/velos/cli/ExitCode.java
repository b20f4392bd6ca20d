// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

/** The only exit codes the CLI returns (DESIGN.md §4 "CLI"). */
final class ExitCode {
    /** The command did what was asked. */
    static final int OK = 0;
    /** Something went wrong at run time: the daemon refused, a process is unknown, a file is missing. */
    static final int RUNTIME = 1;
    /** The command line itself is wrong: unknown flag, missing argument, bad value. */
    static final int USAGE = 2;

    private ExitCode() {
    }
}
