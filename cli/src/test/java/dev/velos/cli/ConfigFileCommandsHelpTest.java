// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands that read a whole config file describe its argument and their own flags truly. */
class ConfigFileCommandsHelpTest {
    private static final String FILE_DEFAULT = "(default: velos.toml, ecosystem.config.";

    @TempDir
    Path dir;

    private String help(String command) {
        Cli.Result r = Cli.run(Cli.context(dir, dir.resolve("none.sock"), Cli.NO_DAEMON), command, "--help");
        assertThat(r.exit()).isZero();
        return r.out();
    }

    /** run finds its default file as apply and export do (ApplyRun.DEFAULT_FILES), not only ./velos.toml. */
    @Test
    void everyCommandTakingAConfigFileNamesTheSameDefaults() {
        for (String command : new String[] {"apply", "startOrReload", "run"}) {
            assertThat(help(command)).as(command).contains("[<file>]", FILE_DEFAULT);
        }
        assertThat(help("run")).doesNotContain("(default: ./velos.toml)");
    }

    /** apply's --dry-run prints the plan; the startup commands' --dry-run text is theirs alone. */
    @Test
    void applysDryRunSaysWhatApplyDoes() {
        assertThat(help("apply")).contains("Print the plan only; change nothing.")
                .doesNotContain("instead of writing");
        assertThat(help("startup")).contains("--dry-run", "instead of writing");
    }
}
