// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** {@code velos completions bash|zsh|fish}: each script loads in its shell and completes what it should. */
class CompletionsEndToEndTest extends EndToEndTest {

    /** Sources the bash script in a real bash and prints COMPREPLY for the words {@code line}. */
    static String bashComplete(Path script, String... line) {
        StringBuilder words = new StringBuilder();
        for (String w : line) {
            words.append(" '").append(w).append('\'');
        }
        String program = "set -u; source '" + script + "' || exit 9; COMP_WORDS=(" + words + "); COMP_CWORD=" + (line.length - 1)
                + "; COMPREPLY=(); _velos; printf '%s\\n' \"${COMPREPLY[@]}\"";
        return shell(List.of("bash", "--norc", "--noprofile", "-c", program)).out();
    }

    @Test
    void theBashScriptSourcesCleanlyAndCompletesCommandsOptionsAndRunningProcessNames() throws IOException {
        VelosCli.Result generated = velos.ok("completions", "bash");
        Path script = apps.resolve("velos.bash");
        Files.writeString(script, generated.out());

        VelosCli.Result sourced = shell(List.of("bash", "--norc", "--noprofile", "-c", "source '" + script + "' && complete -p velos"));
        assertThat(sourced.exit()).as(sourced.toString()).isZero();
        assertThat(sourced.err()).isEmpty();
        assertThat(sourced.out()).contains("complete -o default -F _velos velos");

        assertThat(bashComplete(script, "velos", "re").lines()).containsExactlyInAnyOrder("restart", "reload", "resurrect", "reset");
        assertThat(bashComplete(script, "velos", "start", "--na").lines()).containsExactly("--name");
        assertThat(bashComplete(script, "velos", "completions", "").lines()).containsExactly("bash", "zsh", "fish");
        assertThat(bashComplete(script, "velos", "signal", "SIGU").lines()).containsExactly("SIGUSR1", "SIGUSR2");

        velos.ok("start", "sleep", "--name", "alpha", "--", "600");
        velos.ok("start", "sleep", "--name", "beta", "--", "600");
        String launcher = VelosCli.LAUNCHER.toString();
        // The names come from the daemon of the velos that was typed (VELOS_HOME in the environment).
        assertThat(shell(List.of("env", "VELOS_HOME=" + velos.home, "bash", "--norc", "--noprofile", "-c",
                "source '" + script + "'; COMP_WORDS=('" + launcher + "' restart ''); COMP_CWORD=2; _velos; printf '%s\\n' \"${COMPREPLY[@]}\""))
                .out().lines()).containsExactlyInAnyOrder("alpha", "beta");
        assertThat(shell(List.of("env", "VELOS_HOME=" + velos.home, "bash", "--norc", "--noprofile", "-c",
                "source '" + script + "'; COMP_WORDS=('" + launcher + "' logs --lines 5 b); COMP_CWORD=4; _velos; printf '%s\\n' \"${COMPREPLY[@]}\""))
                .out().lines()).containsExactly("beta");
    }

    @Test
    void listNamesPrintsNothingAndStartsNoDaemonWhenNoneRuns() {
        VelosCli.Result r = velos.ok("list", "--names");
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        assertThat(velos.socket()).doesNotExist();
    }

    @Test
    void theZshScriptIsANativeCompdefFunction() throws IOException {
        String zsh = velos.ok("completions", "zsh").out();
        assertThat(zsh).startsWith("#compdef velos\n").contains("_arguments", "_describe -t commands",
                "'restart:Restart processes", "'1:target:_velos_names'", "list --names", "'1:shell:(bash zsh fish)'");
        Path file = apps.resolve("_velos");
        Files.writeString(file, zsh);
        if (shell(List.of("zsh", "--version")).exit() == 0) {
            VelosCli.Result parsed = shell(List.of("zsh", "-n", file.toString()));
            assertThat(parsed.exit()).as(parsed.toString()).isZero();
        }
    }

    @Test
    void theFishScriptIsCompleteLines() throws IOException {
        String fish = velos.ok("completions", "fish").out();
        List<String> commands = fish.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(commands).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("complete -c velos "));
        assertThat(fish).contains("complete -c velos -n __fish_use_subcommand -a monit -d ",
                // 'velos daemon restart' is a group's command named like 'velos restart': only the latter takes app names.
                "complete -c velos -n '__fish_seen_subcommand_from restart; and not __fish_seen_subcommand_from daemon token'"
                        + " -a '(velos list --names 2>/dev/null)'",
                "complete -c velos -n '__fish_seen_subcommand_from start' -s n -l name -r");
        Path file = apps.resolve("velos.fish");
        Files.writeString(file, fish);
        if (shell(List.of("fish", "--version")).exit() == 0) {
            VelosCli.Result parsed = shell(List.of("fish", "--no-execute", file.toString()));
            assertThat(parsed.exit()).as(parsed.toString()).isZero();
        }
    }

    @Test
    void anUnknownShellIsAUsageError() {
        VelosCli.Result r = velos.run("completions", "tcsh");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown shell 'tcsh'");
    }

    private static VelosCli.Result shell(List<String> command) {
        return Shell.run(command);
    }
}
