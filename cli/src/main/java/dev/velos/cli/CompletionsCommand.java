// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;


import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code velos completions bash|zsh|fish}: prints the completion script for that shell, generated
 * from the live command model, so every command (including ones added later) is in it.
 */
@Command(name = "completions")
final class CompletionsCommand extends AbstractCommand {
    /** The shells there is a script for. */
    static final class Shells extends java.util.ArrayList<String> {
        Shells() {
            super(List.of("bash", "zsh", "fish"));
        }
    }

    @Parameters(index = "0", paramLabel = "<shell>", completionCandidates = Shells.class, descriptionKey = "shell")
    String shell;

    @Override
    int execute() {
        CompletionModel model = CompletionModel.of(spec.root().commandLine());
        String script = switch (shell) {
            case "bash" -> BashCompletion.render(model);
            case "zsh" -> ZshCompletion.render(model);
            case "fish" -> FishCompletion.render(model);
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown shell '" + shell + "'; choose one of bash, zsh, fish");
        };
        out().print(script);
        out().flush();
        return ExitCode.OK;
    }
}
