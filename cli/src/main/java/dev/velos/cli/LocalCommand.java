// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import picocli.CommandLine.Option;

/**
 * A command that needs no daemon: it works on the files of the runtime directory itself
 * ({@code tokens.json}, {@code audit.log}), so it runs, and answers, whether a daemon runs or not,
 * and never starts one. It prints a result, so it takes {@code --json} like {@link ClientCommand}.
 */
abstract class LocalCommand extends AbstractCommand {
    @Option(names = "--json", descriptionKey = "json", order = 99)
    boolean json;
}
