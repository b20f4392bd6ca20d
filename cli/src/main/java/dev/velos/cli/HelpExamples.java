// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command's {@code --help} ends with an "Examples:" block. Most come from
 * {@code Messages.properties}; a command registered without any (a new one) gets one built from
 * its model: its name and its required parameters' labels, so the block is never empty.
 */
final class HelpExamples {
    private HelpExamples() {
    }

    static void addMissing(CommandLine root) {
        for (CommandLine sub : root.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.usageMessage().footer().length == 0) {
                spec.usageMessage().footerHeading("%nExamples:%n");
                spec.usageMessage().footer("  " + example(spec));
            }
            addMissing(sub);
        }
    }

    /** {@code velos scale <name> <N>}: the qualified name and each required positional's label. */
    static String example(CommandSpec spec) {
        List<String> words = new ArrayList<>(List.of(spec.qualifiedName()));
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.arity().min() > 0) {
                words.add(p.paramLabel());
            }
        }
        return String.join(" ", words);
    }
}
