// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage errors exit 2 with a message and a pointer to --help, before anything else happens. */
class ArgumentParsingTest {
    @TempDir
    Path dir;

    private Cli.Result run(String... args) {
        return Cli.run(Cli.context(dir, dir.resolve("none.sock"), Cli.NO_DAEMON), args);
    }

    @Test
    void versionNamesTheArchitecture() {
        Cli.Result r = run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).matches("velos \\S+ \\((x86_64|aarch64|\\S+)-linux\\)");
    }

    @Test
    void helpListsTheCommandsAndExamples() {
        Cli.Result r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("start", "stop", "restart", "delete", "list, ls", "info", "logs", "save",
                "resurrect", "ping", "kill", "daemon", "Examples:", "velos start server.js");
        assertThat(run("start", "--help").out()).contains("--max-restarts=<n>", "--env-var=<KEY=VALUE>",
                "Quick crashes in a row", "Examples:", "velos start server.js --name api");
    }

    /**
     * The HTTP servers share one set of --host/--token/--token-file/--allowed-host options, each
     * command describing them in its own words: mcp-server's token comes from $VELOS_MCP_TOKEN.
     */
    @Test
    void theHttpServersShareTheirListenOptionsButNotTheirWords() {
        String mcp = run("mcp-server", "--help").out();
        assertThat(mcp).contains("--host=<host>", "Address to listen on with --port", "--token-file=<path>",
                "$VELOS_MCP_TOKEN", "--allowed-host=<name>").doesNotContain("--metrics-public", "--otel-endpoint");
        String api = run("api", "--help").out();
        assertThat(api).contains("--host=<host>", "$VELOS_API_TOKEN", "--metrics-public", "--otel-endpoint", "--cors-origin")
                .doesNotContain("$VELOS_MCP_TOKEN");
        assertThat(run("metrics", "--help").out()).contains("--token-file=<path>", "--otel-endpoint")
                .doesNotContain("--cors-origin");
    }

    @Test
    void helpCommandShowsASubcommandsHelp() {
        Cli.Result r = run("help", "logs");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: velos logs", "-l, --lines=<n>", "default 50", "--grep=<regex>", "--follow");
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = run();
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("Usage: velos");
    }

    @Test
    void unknownCommandsAndOptionsExitTwo() {
        Cli.Result r = run("lsit");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Error: unknown command 'lsit'", "Did you mean: velos list?", "Run 'velos --help'");
        assertThat(run("list", "--bogus").exit()).isEqualTo(2);
        assertThat(run("stop").err()).contains("Missing required parameter: '<target>'", "Run 'velos stop --help'");
    }

    @Test
    void badNumbersExitTwoWithAClearMessage() {
        Cli.Result r = run("start", "app.js", "--max-restarts", "lots");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--max-restarts", "'lots' is not an int");
        Cli.Result negative = run("start", "app.js", "--kill-timeout", "-5");
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).contains("Invalid value for option '--kill-timeout': invalid duration '-5'");
        assertThat(run("start", "app.js", "--kill-timeout", "5 sec").err()).contains("invalid duration '5 sec'");
        assertThat(run("start", "app.js", "--restart-delay", "1.5").exit()).isEqualTo(2);
        assertThat(run("logs", "api", "-l", "-1").exit()).isEqualTo(2);
        assertThat(run("logs", "api", "-l", "many").exit()).isEqualTo(2);
    }

    @Test
    void aTypoIsNeverOfferedADestructiveCommand() {
        for (String typo : new String[] {"delet", "dell", "kil", "flus", "unstartu", "dele"}) {
            Cli.Result r = run(typo);
            assertThat(r.exit()).as(typo).isEqualTo(2);
            assertThat(r.err()).as(typo).doesNotContain("velos delete", "velos del", "velos kill", "velos flush",
                    "velos unstartup");
        }
        // PM2 names get their velos equivalent.
        assertThat(run("sendSignal").err()).contains("Did you mean: velos signal?");
        assertThat(run("gracefulReload").err()).contains("Did you mean: velos reload?");
        assertThat(run("dump").err()).contains("Did you mean: velos save?");
    }

    @Test
    void pm2AliasesAreCommands() {
        assertThat(run("status", "--help").out()).contains("Usage: velos list");
        assertThat(run("describe", "--help").out()).contains("Usage: velos info");
        assertThat(run("jlist", "--help").out()).contains("Usage: velos jlist");
        assertThat(run("prettylist", "--help").out()).contains("Usage: velos jlist");
        assertThat(run("startOrRestart", "--help").out()).contains("Usage: velos apply");
        assertThat(run("startOrReload", "--help").out()).contains("Usage: velos startOrReload");
        assertThat(run("stop", "--help").out()).contains("<target> [<target>...]");
        Cli.Result pruneSome = run("apply", "velos.toml", "--only", "a", "--prune");
        assertThat(pruneSome.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(pruneSome.err()).contains("--prune and --only cannot be combined");
    }

    @Test
    void envVarsNeedKeyEqualsValue() {
        assertThat(run("start", "app.js", "--env-var", "NOEQUALS").exit()).isEqualTo(2);
        assertThat(run("start", "app.js", "--env-var", "=x").exit()).isEqualTo(2);
    }

    @Test
    void scriptOptionsBeforeTheDoubleDashAreExplained() {
        Cli.Result r = run("start", "app.js", "--port", "8080");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--port'", "velos start app.js -- --port 8080");
    }
}
