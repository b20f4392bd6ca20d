// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.velos.model.AppConfig;
import dev.velos.model.ErrorCode;
import dev.velos.model.RestartPolicy;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

class AppConfigFileTest {
    @TempDir
    Path dir;

    private Path write(String toml) throws Exception {
        return Files.writeString(dir.resolve("velos.toml"), toml);
    }

    private List<AppConfig> load(String toml) throws Exception {
        return AppConfigFile.load(write(toml), Optional.empty(), Set.of());
    }

    private AppConfig loadOne(String toml) throws Exception {
        List<AppConfig> apps = load(toml);
        assertThat(apps).hasSize(1);
        return apps.getFirst();
    }

    /** The message of the ConfigException that loading {@code toml} throws. */
    private String error(String toml) throws Exception {
        Path file = write(toml);
        Throwable t = catchThrowable(() -> AppConfigFile.load(file, Optional.empty(), Set.of()));
        assertThat(t).isInstanceOf(ConfigException.class);
        return t.getMessage();
    }

    private String file() {
        return dir.resolve("velos.toml").toString();
    }

    @Test
    void durationKeysTakeUnitsAsWellAsMilliseconds() throws Exception {
        AppConfig app = loadOne("""
                [apps.web]
                script = "server.js"
                kill_timeout = "5s"
                restart_delay = "500ms"
                min_uptime = 2000
                watch_delay = "2m"
                """);
        assertThat(app.restart().killTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(app.restart().restartDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(app.restart().minUptime()).isEqualTo(Duration.ofMillis(2000));
        assertThat(app.watch().delay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(error("""
                [apps.web]
                script = "server.js"
                kill_timeout = "5 sec"
                """)).isEqualTo(file() + ":3: app 'web': kill_timeout: invalid duration '5 sec' (use milliseconds, or a whole"
                + " number with ms, s, m or h: 500ms, 5s, 2m; at most 596h)");
    }

    @Test
    void aMinimalAppGetsEveryDefault() throws Exception {
        AppConfig app = loadOne("[apps.web]\nscript = \"server.js\"\n");
        assertThat(app.name()).isEqualTo("web");
        assertThat(app.script()).isEqualTo("server.js");
        assertThat(app.cwd()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(app.interpreter()).isEmpty();
        assertThat(app.args()).isEmpty();
        assertThat(app.instances()).isEqualTo(1);
        assertThat(app.isCluster()).isFalse();
        assertThat(app.restart()).isEqualTo(RestartPolicy.DEFAULT);
        assertThat(app.restart().autorestart()).isTrue();
        assertThat(app.restart().maxRestarts()).isEqualTo(15);
        assertThat(app.restart().minUptime()).isEqualTo(Duration.ofMillis(1000));
        assertThat(app.restart().restartDelay()).isEqualTo(Duration.ZERO);
        assertThat(app.restart().expBackoff()).isFalse();
        assertThat(app.restart().killTimeout()).isEqualTo(Duration.ofMillis(5000));
        assertThat(app.maxMemoryRestart()).isEmpty();
        assertThat(app.watch()).isEqualTo(new AppConfig.Watch(false, List.of(), List.of(), Duration.ofMillis(1000)));
        assertThat(app.cronRestart()).isEmpty();
        assertThat(app.ready()).isEqualTo(new AppConfig.Ready(false, Duration.ofMillis(8000), false));
        assertThat(app.logs()).isEqualTo(new AppConfig.LogRotation(OptionalLong.empty(), OptionalInt.empty()));
        assertThat(app.env()).isEmpty();
        assertThat(app.envFiles()).isEmpty();
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Files.createDirectories(dir.resolve("srv"));
        AppConfig app = loadOne("""
                [apps.key]
                name = "api"
                script = "server.js"
                cwd = "srv"
                interpreter = "node"
                args = ["--port", "8080"]
                instances = 3
                autorestart = false
                max_restarts = -1
                min_uptime = 2000
                restart_delay = 250
                exp_backoff_restart_delay = true
                kill_timeout = 100
                max_memory_restart = "150M"
                watch = true
                watch_paths = ["src", "lib"]
                watch_ignore = ["*.tmp"]
                watch_delay = 300
                log_max_size = "20M"
                log_retain_count = 7
                cron_restart = "0 3 * * *"
                wait_ready = true
                listen_timeout = 3000
                shutdown_with_message = true
                [apps.key.env]
                A = "1"
                """);
        assertThat(app.name()).isEqualTo("api");
        assertThat(app.script()).isEqualTo("server.js");
        assertThat(app.cwd()).isEqualTo(dir.resolve("srv"));
        assertThat(app.interpreter()).contains("node");
        assertThat(app.args()).containsExactly("--port", "8080");
        assertThat(app.instances()).isEqualTo(3);
        assertThat(app.isCluster()).isTrue();
        assertThat(app.restart()).isEqualTo(new RestartPolicy(false, -1, Duration.ofMillis(2000),
                Duration.ofMillis(250), true, Duration.ofMillis(100)));
        assertThat(app.maxMemoryRestart()).hasValue(157_286_400L);
        assertThat(app.watch()).isEqualTo(new AppConfig.Watch(true, List.of("src", "lib"), List.of("*.tmp"),
                Duration.ofMillis(300)));
        assertThat(app.logs()).isEqualTo(new AppConfig.LogRotation(OptionalLong.of(20L << 20), OptionalInt.of(7)));
        assertThat(app.cronRestart()).contains("0 3 * * *");
        assertThat(app.ready()).isEqualTo(new AppConfig.Ready(true, Duration.ofMillis(3000), true));
        assertThat(app.env()).containsExactly(entry("A", "1"));
    }

    @Test
    void cwdIsResolvedAgainstTheFilesDirectory() throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        assertThat(loadOne("[apps.w]\nscript = \"x\"\ncwd = \"a/../a/b\"\n").cwd()).isEqualTo(dir.resolve("a/b"));
        assertThat(loadOne("[apps.w]\nscript = \"x\"\ncwd = \"" + dir.resolve("a") + "\"\n").cwd())
                .isEqualTo(dir.resolve("a"));
        assertThat(loadOne("[apps.w]\nscript = \"x\"\ncwd = \"~\"\n").cwd())
                .isEqualTo(Path.of(System.getProperty("user.home")).toAbsolutePath().normalize());
        assertThat(error("[apps.w]\nscript = \"x\"\ncwd = \"nope\"\n"))
                .isEqualTo(file() + ":3: app 'w': cwd '" + dir.resolve("nope") + "' does not exist");
    }

    @Test
    void aRelativeFilePathStillResolvesAgainstItsOwnDirectory() throws Exception {
        write("[apps.w]\nscript = \"x\"\n");
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("velos.toml"));
        AppConfig app = AppConfigFile.load(relative, Optional.empty(), Set.of()).getFirst();
        assertThat(app.cwd()).isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void argsAreAppliedWithScalarsWrittenAsText() throws Exception {
        assertThat(loadOne("[apps.w]\nscript = \"x\"\nargs = [\"--port\", 8080, true]\n").args())
                .containsExactly("--port", "8080", "true");
        assertThat(error("[apps.w]\nscript = \"x\"\nargs = \"--port 8080\"\n"))
                .isEqualTo(file() + ":3: app 'w': args must be an array of strings, got \"--port 8080\"");
    }

    @Test
    void instancesMaxIsTheCpuCount() throws Exception {
        assertThat(loadOne("[apps.w]\nscript = \"x\"\ninstances = \"max\"\n").instances())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(error("[apps.w]\nscript = \"x\"\ninstances = \"many\"\n"))
                .isEqualTo(file() + ":3: app 'w': instances must be a whole number or \"max\", got \"many\"");
    }

    @Test
    void theProfileIsMergedOverEnvAndValuesBecomeText() throws Exception {
        String toml = """
                [apps.web]
                script = "x"
                [apps.web.env]
                PORT = 3000
                DEBUG = true
                RATIO = 1.5
                NAME = "dev"
                [apps.web.env_production]
                DEBUG = false
                NAME = "prod"
                EXTRA = "yes"
                """;
        assertThat(loadOne(toml).env()).containsExactly(entry("PORT", "3000"), entry("DEBUG", "true"),
                entry("RATIO", "1.5"), entry("NAME", "dev"));
        AppConfig prod = AppConfigFile.load(write(toml), Optional.of("production"), Set.of()).getFirst();
        assertThat(prod.env()).containsExactly(entry("PORT", "3000"), entry("DEBUG", "false"),
                entry("RATIO", "1.5"), entry("NAME", "prod"), entry("EXTRA", "yes"));
    }

    @Test
    void envFileIsUnderEnvWhichIsUnderTheProfile() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("conf/app.env"), "A=file\nB=file\nC=file\n");
        Path file = write("""
                [apps.web]
                script = "x"
                cwd = "app"
                env_file = "conf/app.env"
                [apps.web.env]
                B = "env"
                C = "env"
                [apps.web.env_production]
                C = "profile"
                """);
        AppConfig app = AppConfigFile.load(file, Optional.of("production"), Set.of()).getFirst();
        assertThat(app.env()).containsOnly(entry("A", "file"), entry("B", "env"), entry("C", "profile"));
        assertThat(app.envFiles()).containsExactly(dir.resolve("conf/app.env"));
    }

    @Test
    void severalEnvFilesApplyInOrder() throws Exception {
        Files.writeString(dir.resolve("a.env"), "A=1\nB=1\n");
        Files.writeString(dir.resolve("b.env"), "B=2\n");
        assertThat(loadOne("[apps.w]\nscript = \"x\"\nenv_file = [\"a.env\", \"b.env\"]\n").env())
                .containsExactly(entry("A", "1"), entry("B", "2"));
    }

    @Test
    void aMissingOrBrokenEnvFileIsAnError() throws Exception {
        assertThat(error("[apps.w]\nscript = \"x\"\nenv_file = \"missing.env\"\n"))
                .isEqualTo(file() + ":3: app 'w': env_file '" + dir.resolve("missing.env") + "' not found");
        Files.writeString(dir.resolve("bad.env"), "A=1\nnot a line\n");
        assertThat(error("[apps.w]\nscript = \"x\"\nenv_file = \"bad.env\"\n"))
                .isEqualTo(dir.resolve("bad.env") + ":2: expected KEY=VALUE, got 'not a line' (env_file of app 'w')");
    }

    @Test
    void anUnknownProfileNamesTheProfilesThatExist() throws Exception {
        Path file = write("""
                [apps.a]
                script = "x"
                [apps.a.env_production]
                A = "1"
                [apps.b]
                script = "y"
                [apps.b.env_staging]
                B = "1"
                """);
        assertThatThrownBy(() -> AppConfigFile.load(file, Optional.of("prod"), Set.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": unknown env profile 'prod': the file defines production, staging");
        Path none = write("[apps.a]\nscript = \"x\"\n");
        assertThatThrownBy(() -> AppConfigFile.load(none, Optional.of("prod"), Set.of()))
                .hasMessage(none + ": unknown env profile 'prod': the file has no [apps.<name>.env_<profile>] tables");
    }

    @Test
    void anAppWithoutTheProfileKeepsItsBaseEnv() throws Exception {
        Path file = write("""
                [apps.a]
                script = "x"
                env = { A = "base" }
                env_production = { A = "prod" }
                [apps.b]
                script = "y"
                env = { B = "base" }
                """);
        List<AppConfig> apps = AppConfigFile.load(file, Optional.of("production"), Set.of());
        assertThat(apps.get(0).env()).containsExactly(entry("A", "prod"));
        assertThat(apps.get(1).env()).containsExactly(entry("B", "base"));
    }

    @Test
    void malformedTomlNamesTheLine() throws Exception {
        assertThat(error("[apps.web]\nscript = \"a.js\"\ninstances = \n"))
                .startsWith(file() + ":3:").contains("invalid TOML: ");
        assertThat(error("[apps.web\nscript = \"a.js\"\n")).startsWith(file() + ":1:").contains("invalid TOML: ");
        assertThat(error("[apps.web]\nscript = 'a.js\n")).startsWith(file() + ":2:");
    }

    @Test
    void aMissingFileIsAConfigException() {
        Path missing = dir.resolve("nope.toml");
        assertThatThrownBy(() -> AppConfigFile.load(missing, Optional.empty(), Set.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": config file not found");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            name = ""                  | 2 | app name must not be empty
            name = "my app"            | 2 | app name 'my app' contains invalid characters (only letters, digits, '.', '-' and '_' allowed)
            name = "web:1"             | 2 | app name 'web:1' contains invalid characters (only letters, digits, '.', '-' and '_' allowed)
            name = ".."                | 2 | invalid process name '..': use 1-64 letters, digits, '.', '_' or '-' (not '.' or '..')
            max_restarts = -5          | 2 | app 'web': max_restarts must be >= -1, got -5
            kill_timeout = 99          | 2 | app 'web': kill_timeout must be >= 100ms, got 99
            max_memory_restart = "1.5G" | 2 | app 'web': invalid max_memory_restart format: '1.5G' (use a whole number with an optional K, M or G suffix, e.g. 150M)
            max_memory_restart = "12XB" | 2 | app 'web': invalid max_memory_restart format: '12XB' (use a whole number with an optional K, M or G suffix, e.g. 150M)
            log_max_size = "150MB"     | 2 | app 'web': invalid log_max_size format: '150MB' (use a whole number with an optional K, M or G suffix, e.g. 150M)
            log_max_size = "1K"        | 2 | app 'web': log_max_size must be at least 4K, got 1024
            log_retain_count = 5000    | 2 | app 'web': log_retain_count must be 0-1000, got 5000
            instances = 0              | 2 | app 'web': instances must be >= 1, got 0
            instances = -3             | 2 | app 'web': instances must be >= 1, got -3
            min_uptime = -1            | 2 | app 'web': min_uptime must be >= 0ms, got -1
            restart_delay = 1.5        | 2 | app 'web': restart_delay must be a whole number of milliseconds or a duration such as "5s", got 1.5
            autorestart = "yes"        | 2 | app 'web': invalid autorestart 'yes' (use always, on-failure or never; true and false also work)
            watch = "src"              | 2 | app 'web': watch must be true, false or an array of paths, got "src"
            interpreter = 3            | 2 | app 'web': interpreter must be a string, got 3
            cron_restart = "0 3 * *"   | 2 | app 'web': invalid cron_restart '0 3 * *': Cron expression contains 4 parts but we expect one of [5]
            cron_restart = "61 * * * *" | 2 | app 'web': invalid cron_restart '61 * * * *': Failed to parse cron expression. Value 61 not in range [0, 59]
            cron_restart = "@reboot"   | 2 | app 'web': invalid cron_restart '@reboot': Nickname @reboot not supported!
            """)
    void eachInvalidValueIsReportedWithFileLineAndKey(String line, int lineNo, String message) throws Exception {
        assertThat(error("[apps.web]\n" + line + "\nscript = \"x\"\n")).isEqualTo(file() + ":" + lineNo + ": " + message);
    }

    /** Issue 19: the stack keys go through as written; bad ones are problems at their own line. */
    @Test
    void orchestrationKeysAreReadAndCheckedWithTheirLines() throws Exception {
        AppConfig app = loadOne("""
                [apps.api]
                script = "server.js"
                depends_on = { db = "healthy" }
                autorestart = "on-failure"
                stop_exit_codes = [0, 143]
                cron = "*/5 * * * *"
                memory_max = "256M"
                wait_ready = true
                watchdog = 30000

                [apps.api.readiness]
                http = "http://127.0.0.1:8080/health"
                period = "2s"
                """);
        assertThat(app.restart().autorestart()).isTrue();
        assertThat(app.orchestration()).containsEntry("autorestart", "on-failure")
                .containsEntry("depends_on", Map.of("db", "healthy")).containsEntry("memory_max", "256M")
                .containsEntry("stop_exit_codes", List.of(0L, 143L));
        assertThat(app.orchestration().get("readiness")).isEqualTo(Map.of("http", "http://127.0.0.1:8080/health", "period", "2s"));
        assertThat(app.watchdogMs()).hasValue(30000);

        String errors = error("""
                [apps.api]
                script = "server.js"
                depends_on = { db = "soon" }
                cron = "61 * * * *"
                watchdog = 1000

                [apps.api.liveness]
                tcp = "127.0.0.1:5432"
                period = "often"
                """);
        assertThat(errors).contains(file() + ":3: app 'api': depends_on.db: invalid dependency condition 'soon'")
                .contains(file() + ":4: app 'api': invalid cron '61 * * * *'")
                .contains(file() + ":5: app 'api': watchdog needs wait_ready = true")
                .contains(file() + ":9: app 'api': liveness.period must be milliseconds or a duration");
        assertThat(loadOne("[apps.a]\nscript = \"a\"\nautorestart = \"never\"\n").restart().autorestart()).isFalse();
    }

    @Test
    void anEmptyOrMissingScriptIsAnError() throws Exception {
        assertThat(error("[apps.web]\nscript = \"\"\n")).isEqualTo(file() + ":2: app 'web': script must not be empty");
        assertThat(error("[apps.web]\ncwd = \".\"\n"))
                .isEqualTo(file() + ":1: app 'web': script is required (the program to run, e.g. script = \"server.js\")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 3 * * *", "@daily", "@hourly", "@weekly", "@monthly", "@yearly", "@annually",
            "@midnight", "0 9 * * MON-FRI", "0 0 1 JAN *", "*/15 * * * *", "0 0 1,15 * 7", "  5 4 * * sun  "})
    void cronAcceptsUnixExpressionsNamesAndMacros(String cron) throws Exception {
        assertThat(loadOne("[apps.w]\nscript = \"x\"\ncron_restart = \"" + cron + "\"\n").cronRestart())
                .contains(cron.strip());
    }

    @Test
    void anEmptyCronMeansNone() throws Exception {
        assertThat(loadOne("[apps.w]\nscript = \"x\"\ncron_restart = \"\"\n").cronRestart()).isEmpty();
    }

    @Test
    void memoryMayBeABareByteCountAndZeroMeansNoLimit() throws Exception {
        assertThat(loadOne("[apps.w]\nscript = \"x\"\nmax_memory_restart = 1048576\n").maxMemoryRestart())
                .hasValue(1_048_576L);
        assertThat(loadOne("[apps.w]\nscript = \"x\"\nmax_memory_restart = \"1G\"\n").maxMemoryRestart())
                .hasValue(1L << 30);
        assertThat(loadOne("[apps.w]\nscript = \"x\"\nmax_memory_restart = \"0\"\n").maxMemoryRestart()).isEmpty();
    }

    @Test
    void unknownKeysAreErrorsWithASuggestion() throws Exception {
        assertThat(error("[apps.web]\nscript = \"x\"\nmax_restart = 3\n"))
                .isEqualTo(file() + ":3: app 'web': unknown key 'max_restart' (did you mean 'max_restarts'?)");
        assertThat(error("[apps.web]\nscript = \"x\"\nkill-timeout = 3000\n"))
                .isEqualTo(file() + ":3: app 'web': unknown key 'kill-timeout' (did you mean 'kill_timeout'?)");
        assertThat(error("[apps.web]\nscript = \"x\"\nfrobnicate = 1\n"))
                .startsWith(file() + ":3: app 'web': unknown key 'frobnicate' (known keys: args, autorestart,");
        assertThat(error("[app.web]\nscript = \"x\"\n"))
                .startsWith(file() + ":1: unknown key 'app' (did you mean 'apps'?)");
        assertThat(error("[apps.web]\nscript = \"x\"\n[logs]\ndedup = 3\n"))
                .isEqualTo(file() + ":4: [logs] unknown key 'dedup' (did you mean 'dedup_window'?)");
    }

    @Test
    void nothingIsReturnedWhenOneOfTwoAppsIsInvalidAndEveryProblemIsListed() throws Exception {
        Path file = write("""
                [apps.good]
                script = "ok.sh"

                [apps.bad]
                script = "bad.sh"
                max_restarts = -5
                kill_timeout = 10
                """);
        assertThatThrownBy(() -> AppConfigFile.load(file, Optional.empty(), Set.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":6: app 'bad': max_restarts must be >= -1, got -5\n"
                        + file + ":7: app 'bad': kill_timeout must be >= 100ms, got 10")
                .satisfies(e -> {
                    ConfigException c = (ConfigException) e;
                    assertThat(c.problems()).hasSize(2);
                    assertThat(c.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(c).isInstanceOf(VelosException.class);
                });
    }

    @Test
    void onlyKeepsTheNamedAppsInFileOrder() throws Exception {
        Path file = write("""
                [apps.c]
                script = "c"
                [apps.a]
                script = "a"
                [apps.b]
                name = "bee"
                script = "b"
                """);
        assertThat(AppConfigFile.load(file, Optional.empty(), Set.of()))
                .extracting(AppConfig::name).containsExactly("c", "a", "bee");
        assertThat(AppConfigFile.load(file, Optional.empty(), Set.of("bee", "c")))
                .extracting(AppConfig::name).containsExactly("c", "bee");
        assertThatThrownBy(() -> AppConfigFile.load(file, Optional.empty(), Set.of("a", "zed")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": no app named 'zed' (apps in the file: c, a, bee)");
    }

    @Test
    void onlyStillValidatesTheAppsItLeavesOut() throws Exception {
        Path file = write("[apps.a]\nscript = \"a\"\n[apps.b]\nscript = \"\"\n");
        assertThatThrownBy(() -> AppConfigFile.load(file, Optional.empty(), Set.of("a")))
                .hasMessage(file + ":4: app 'b': script must not be empty");
    }

    @Test
    void twoAppsMayNotShareAName() throws Exception {
        assertThat(error("[apps.a]\nscript = \"a\"\n[apps.b]\nname = \"a\"\nscript = \"b\"\n"))
                .isEqualTo(file() + ":4: app name 'a' is used by both [apps.a] and [apps.b]");
    }

    @Test
    void aFileWithoutAppsIsAnError() throws Exception {
        assertThat(error("# nothing here\n"))
                .isEqualTo(file() + ": no apps defined: add an [apps.<name>] table with at least a script");
    }

    @Test
    void watchMayBeAListOfPathsAndCombinesWithWatchPaths() throws Exception {
        AppConfig app = loadOne("[apps.w]\nscript = \"x\"\nwatch = [\"src\", \"lib\"]\nwatch_paths = [\"lib\", \"conf\"]\n");
        assertThat(app.watch().enabled()).isTrue();
        assertThat(app.watch().paths()).containsExactly("src", "lib", "conf");
        assertThat(loadOne("[apps.w]\nscript = \"x\"\nwatch = false\n").watch()).isEqualTo(AppConfig.Watch.OFF);
    }

    @Test
    void ignoredKeysAndUselessSettingsAreWarnings() throws Exception {
        Path file = write("""
                [apps.w]
                script = "x"
                log_file = "/tmp/w.log"
                watch_paths = ["src"]
                """);
        AppConfigFile.Loaded loaded = AppConfigFile.read(file, Optional.empty(), Set.of());
        assertThat(loaded.apps()).hasSize(1);
        assertThat(loaded.warnings()).hasSize(2);
        assertThat(loaded.warnings().get(0)).startsWith(file + ":4: app 'w': watch_paths is set but watch is false");
        assertThat(loaded.warnings().get(1)).startsWith(file + ":3: app 'w': log_file is not supported and was ignored");
    }

    /** Issue 22: velos run's exit policy as a key of the file; run checks the app name against the apps. */
    @Test
    void exitPolicyIsATopLevelKey() throws Exception {
        assertThat(AppConfigFile.read(write("[apps.w]\nscript = \"x\"\n"), Optional.empty(), Set.of()).exitPolicy()).isEmpty();
        assertThat(AppConfigFile.read(write("exit_policy = \"w\"\n[apps.w]\nscript = \"x\"\n"), Optional.empty(), Set.of())
                .exitPolicy()).contains("w");
        assertThat(error("exit_policy = 3\n[apps.w]\nscript = \"x\"\n"))
                .contains("exit_policy must be \"all\", \"any\" or the name of an app");
    }

    /** Issues 21 and 20: the log file keys and listen go through as written, checked by the daemon's own parsers. */
    @Test
    void logFileKeysAndListenAreReadAsWritten() throws Exception {
        AppConfigFile.Loaded loaded = AppConfigFile.read(write("""
                [apps.w]
                script = "x"
                log_rotate = "daily"
                log_compress = false
                log_retain_days = 14
                out_file = "logs/w.out"
                error_file = "/dev/null"
                merge_logs = true
                log_format = "json"
                listen = ["tcp://127.0.0.1:8080", "unix:/tmp/w.sock#api"]
                """), Optional.empty(), Set.of());
        assertThat(loaded.warnings()).isEmpty();
        AppConfig app = loaded.apps().getFirst();
        assertThat(app.logFiles()).containsExactly(entry("log_rotate", "daily"), entry("log_compress", false),
                entry("log_retain_days", 14L), entry("out_file", "logs/w.out"), entry("error_file", "/dev/null"),
                entry("merge_logs", true), entry("log_format", "json"));
        assertThat(app.listen()).containsExactly("tcp://127.0.0.1:8080", "unix:/tmp/w.sock#api");
        AppConfig plain = loadOne("[apps.w]\nscript = \"x\"\n");
        assertThat(plain.logFiles()).isEmpty();
        assertThat(plain.listen()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            log_rotate = "weekly"         | app 'web': log_rotate
            log_compress = "maybe"        | app 'web': log_compress must be true or false, got maybe
            log_retain_days = 1.5         | app 'web': log_retain_days must be a whole number, got 1.5
            log_format = "xml"            | app 'web': 
            out_file = 3                  | app 'web': out_file must be a string, got 3
            listen = ["tcp://example.com:80"] | app 'web': listen: 
            listen = ["ftp://0.0.0.0:21"] | app 'web': listen: 
            listen = "tcp://0.0.0.0:80"   | app 'web': listen must be an array of strings, got "tcp://0.0.0.0:80"
            """)
    void aBadLogFileKeyOrListenAddressIsReportedAtItsLine(String line, String start) throws Exception {
        assertThat(error("[apps.web]\nscript = \"x\"\n" + line + "\n")).startsWith(file() + ":3: " + start.strip());
    }

    @Test
    void theLogsTableIsReadAndChecked() throws Exception {
        Path file = write("""
                [apps.w]
                script = "x"
                [logs]
                classifier = false
                dedup_window = 30
                anomaly_window = 15
                anomaly_sigma_warn = 2
                anomaly_sigma_crit = 4.5
                """);
        assertThat(AppConfigFile.read(file, Optional.empty(), Set.of()).logs()).isEqualTo(new LogsConfig(false,
                Duration.ofSeconds(30), Duration.ofSeconds(300), Duration.ofMinutes(15), 2.0, 4.5));
        assertThat(AppConfigFile.read(write("[apps.w]\nscript = \"x\"\n"), Optional.empty(), Set.of()).logs())
                .isEqualTo(LogsConfig.DEFAULT);
        assertThat(error("[apps.w]\nscript = \"x\"\n[logs]\nanomaly_sigma_warn = 3.0\nanomaly_sigma_crit = 2.0\n"))
                .isEqualTo(file() + ":5: [logs] anomaly_sigma_crit must be >= anomaly_sigma_warn (3.0), got 2.0");
    }

    @Test
    void linesAreFoundForDottedKeysQuotedTablesAndInlineTables() throws Exception {
        assertThat(error("[apps]\nweb.script = \"x\"\nweb.max_restarts = -2\n"))
                .isEqualTo(file() + ":3: app 'web': max_restarts must be >= -1, got -2");
        assertThat(error("[apps]\nweb = { script = \"x\", kill_timeout = 1 }\n"))
                .isEqualTo(file() + ":2: app 'web': kill_timeout must be >= 100ms, got 1");
        assertThat(error("[apps.\"my api\"]\nscript = \"x\"\n"))
                .startsWith(file() + ":1: app name 'my api' contains invalid characters");
        assertThat(error("[apps.w]\nscript = \"x\"\nnote = \"\"\"\nmax_restarts = -9\n\"\"\"\nmax_restarts = -7\n"))
                .contains(":6: app 'w': max_restarts must be >= -1, got -7");
    }

    @Test
    void envValuesMustBeScalarsAndKeysUsable() throws Exception {
        assertThat(error("[apps.w]\nscript = \"x\"\n[apps.w.env]\nLIST = [1, 2]\n"))
                .isEqualTo(file() + ":4: app 'w': env.LIST must be a string, number or boolean, got [1,2]");
        assertThat(error("[apps.w]\nscript = \"x\"\n[apps.w.env]\n\"A=B\" = \"1\"\n"))
                .isEqualTo(file() + ":4: app 'w': env: invalid variable name 'A=B'");
        assertThat(error("[apps.w]\nscript = \"x\"\nenv_production = \"x\"\n"))
                .startsWith(file() + ":3: app 'w': env_production must be a table");
    }

    @Test
    void theExampleConfigLoads() {
        Path example = Path.of("../config/velos.example.toml");
        AppConfigFile.Loaded loaded = AppConfigFile.read(example, Optional.of("production"), Set.of());
        assertThat(loaded.apps()).extracting(AppConfig::name).containsExactly("api", "ticker");
        assertThat(loaded.warnings()).isEmpty();
        AppConfig api = loaded.apps().getFirst();
        assertThat(api.cwd()).isEqualTo(Path.of("../examples/hello").toAbsolutePath().normalize());
        assertThat(api.args()).containsExactly("--verbose");
        assertThat(api.ready().waitReady()).isTrue();
        assertThat(api.env()).containsEntry("GREETING", "hello from velos (production)").containsEntry("PORT", "3000")
                .containsEntry("WORKER_QUEUE", "emails");
        assertThat(AppConfigFile.load(example, Optional.of("staging"), Set.of("ticker"))).hasSize(1);
    }

    @Test
    void theStackExampleLoads() {
        Path stack = Path.of("../examples/stack/velos.toml");
        List<AppConfig> apps = AppConfigFile.load(stack, Optional.empty(), Set.of());
        assertThat(apps).extracting(AppConfig::name).containsExactly("web", "worker", "report");
        AppConfig web = apps.get(0);
        assertThat(web.instances()).isEqualTo(2);
        assertThat(web.ready().waitReady()).isTrue();
        assertThat(web.args()).containsExactly("--host", "127.0.0.1");
        assertThat(apps.get(1).env()).containsEntry("WORKER_QUEUE", "emails").containsEntry("WORKER_INTERVAL", "2");
        assertThat(apps.get(2).cronRestart()).contains("* * * * *");

        List<AppConfig> prod = AppConfigFile.load(stack, Optional.of("production"), Set.of());
        assertThat(prod.get(1).env()).containsEntry("WORKER_INTERVAL", "5");
        assertThat(prod.get(0).env()).containsEntry("GREETING", "hello from the velos stack (production)");
    }
}
