// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code velos run}, velos as a container's main process (issue 22), without Docker:
 * {@code unshare --pid --fork --mount-proc} makes it PID 1 of a new PID namespace, as in a
 * container. It prints every app's output prefixed with the app's name, reaps an orphaned
 * grandchild (which, its parent gone, is PID 1's to reap), stops every app on SIGTERM, SIGINT or
 * SIGQUIT — dependents first — and exits by its exit policy with the failing app's code; its
 * control socket answers {@code velos list} meanwhile.
 */
class RunEndToEndTest extends EndToEndTest {
    /** A running {@code velos run}: the process the test started, the velos JVM, its stdout and stderr. */
    private record Run(Process process, ProcessHandle velos, Path out, Path err) implements AutoCloseable {
        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        int awaitExit() throws Exception {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("velos run exited; stderr:\n%s", stderr()).isTrue();
            return process.exitValue();
        }

        /** A test that failed half-way: the apps are stopped gracefully if velos still can, then everything ends. */
        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                velos.destroy();
                process.waitFor(20, TimeUnit.SECONDS);
            }
            velos.destroyForcibly();
            process.destroyForcibly();
        }
    }

    /** {@code velos run [config] options} in the apps directory ({@code config} null: the file velos finds there). */
    private Run run(Path config, boolean asPid1, String... options) throws IOException {
        List<String> command = new ArrayList<>();
        if (asPid1) {
            command.addAll(List.of("unshare", "--pid", "--fork", "--mount-proc"));
        }
        command.addAll(List.of(VelosCli.LAUNCHER.toString(), "run"));
        if (config != null) {
            command.add(config.toString());
        }
        command.addAll(List.of(options));
        Path out = apps.resolve("run-" + System.nanoTime() + ".out");
        Path err = apps.resolve("run-" + System.nanoTime() + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(apps.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("VELOS_SOCKET");
        pb.environment().put("VELOS_HOME", velos.home.toString());
        pb.environment().put("NO_COLOR", "1");
        Process process = pb.start();
        // Under unshare the velos JVM is unshare's child (bin/velos execs java in place).
        ProcessHandle jvm = asPid1 ? await().atMost(Duration.ofSeconds(20))
                .until(() -> process.toHandle().children().findFirst(), Optional::isPresent).orElseThrow() : process.toHandle();
        Run r = new Run(process, jvm, out, err);
        await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive() || r.stderr().contains("Initialized. Listening"));
        return r;
    }

    private Path config(String name, String toml) throws IOException {
        Path file = apps.resolve(name);
        Files.writeString(file, toml);
        return file;
    }

    /** {@code /bin/sh -c script} as an app, with the given extra keys. */
    private static String app(String name, String script, String... keys) {
        return "[apps." + name + "]\nscript = \"/bin/sh\"\nargs = [\"-c\", \"" + script.replace("\"", "\\\"") + "\"]\n"
                + String.join("\n", keys) + "\n\n";
    }

    private static long signal(ProcessHandle process, String signal) throws Exception {
        return new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
    }

    /** Zombies whose parent is {@code parent}, from /proc (state Z, field 3; parent, field 4). */
    private static List<Long> zombiesOf(ProcessHandle parent) {
        List<Long> zombies = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (fields[0].equals("Z") && Long.parseLong(fields[1]) == parent.pid()) {
                        zombies.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // Gone meanwhile.
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return zombies;
    }

    @Test
    void asPid1ItPrefixesOutputReapsOrphansAndStopsDependentsFirstOnSigterm() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare(1) for a PID namespace");
        Path file = config("stack.toml",
                app("db", "trap 'echo db got TERM; exit 0' TERM; echo db up; while :; do sleep 0.1; done")
                + app("web", "trap 'echo web got TERM; exit 0' TERM; echo web up; "
                        // Three orphans a second: each subshell exits at once, so its child is reparented to PID 1.
                        + "while :; do (sh -c 'sleep 0.2; exit 7' &); sleep 0.3; done",
                        "depends_on = { db = \"started\" }"));
        try (Run run = run(file, true)) {
            assertThat(Files.readString(Path.of("/proc/" + run.velos().pid() + "/status"))).containsPattern("NSpid:\\s+\\d+\\s+1\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> run.stdout().contains("web | web up") && run.stdout().contains("db  | db up"));
            assertThat(velos.list()).containsKeys("db", "web");
            VelosCli.Result restart = velos.run("daemon", "restart");
            assertThat(restart.exit()).as(restart.toString()).isEqualTo(1);
            assertThat(restart.err()).contains("velos run cannot hand its apps to another daemon");
            // Orphans come and die all the time; none stays a zombie longer than a reaping pass (1 s).
            for (int look = 0; look < 6; look++) {
                Thread.sleep(500);
                List<Long> first = zombiesOf(run.velos());
                Thread.sleep(2_000);
                List<Long> later = zombiesOf(run.velos());
                assertThat(later).as("zombies still there 2 s later").filteredOn(first::contains).isEmpty();
            }

            signal(run.velos(), "TERM");

            assertThat(run.awaitExit()).as(run.stderr()).isZero();
            String out = run.stdout();
            assertThat(out).contains("web | web got TERM", "db  | db got TERM");
            assertThat(out.indexOf("web | web got TERM")).as("web depends on db: stopped first").isLessThan(out.indexOf("db  | db got TERM"));
        }
    }

    @Test
    void sigintAndSigquitStopEveryAppGracefully() throws Exception {
        Path file = config("one.toml", app("app", "trap 'echo got TERM; exit 0' TERM; echo up; while :; do sleep 0.1; done"));
        for (String signal : List.of("INT", "QUIT")) {
            try (Run run = run(file, false)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> run.stdout().contains("app | up"));
                signal(run.velos(), signal);
                assertThat(run.awaitExit()).as("after SIG%s: %s", signal, run.stderr()).isZero();
                assertThat(run.stdout()).as("SIG" + signal).contains("app | got TERM");
            }
        }
    }

    @Test
    void theExitPolicyDecidesWhenVelosEndsAndWithWhichCode() throws Exception {
        String failsSoon = app("failing", "echo failing; sleep 1; exit 3", "autorestart = false");
        String keepsRunning = app("server", "trap 'exit 0' TERM; while :; do sleep 0.1; done");
        String endsLater = app("late", "sleep 2; exit 0", "autorestart = false");

        try (Run any = run(config("any.toml", failsSoon + keepsRunning), false, "--exit-policy", "any")) {
            assertThat(any.awaitExit()).as("any: the first app to end, 'failing', with 3").isEqualTo(3);
            assertThat(any.stderr()).contains("exit policy 'any' is met ('failing' ended with 3)", "'server' stopped");
        }
        try (Run all = run(config("all.toml", failsSoon + endsLater), false)) {
            assertThat(all.awaitExit()).as("all (the default): once both ended, the failing one's code").isEqualTo(3);
            assertThat(all.stderr()).contains("'late' exited with code 0");
        }
        try (Run fromFile = run(config("file.toml", "exit_policy = \"any\"\n\n" + failsSoon + keepsRunning), false)) {
            assertThat(fromFile.awaitExit()).as("the file's exit_policy = \"any\"").isEqualTo(3);
            assertThat(fromFile.stderr()).contains("exit policy 'any' is met ('failing' ended with 3)");
        }
        try (Run named = run(config("named.toml", keepsRunning + endsLater), false, "--exit-policy", "late")) {
            assertThat(named.awaitExit()).as("late: once it ended (cleanly), the others stopped").isZero();
            assertThat(named.stderr()).contains("'server' stopped");
        }
    }

    /** pm2-runtime's habit: the ecosystem file of the working directory, found without naming it, any format. */
    @Test
    void withoutAFileItRunsThePm2EcosystemFileOfTheDirectory() throws Exception {
        config("ecosystem.config.json", """
                {"apps": [{"name": "hello", "script": "/bin/sh", "args": ["-c", "echo hello from $GREETING"],
                           "autorestart": false, "env": {"GREETING": "pm2"}, "env_production": {"GREETING": "production"}}]}
                """);
        try (Run run = run(null, false, "--env", "production")) {
            assertThat(run.awaitExit()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("hello | hello from production");
        }
    }

    @Test
    void jsonLogsPrintOneObjectPerLineWithItsApp() throws Exception {
        Path file = config("json.toml", app("api", "echo 'ERROR boom'; echo to stderr >&2; exit 0", "autorestart = false"));
        try (Run run = run(file, false, "--json-logs")) {
            assertThat(run.awaitExit()).isZero();
            assertThat(run.stdout()).containsPattern(
                    "\\{\"ts\":\"[0-9T:.-]+Z\",\"app\":\"api\",\"stream\":\"out\",\"level\":\"Error\",\"msg\":\"ERROR boom\"}\n");
            assertThat(run.stderr()).contains("\"app\":\"api\",\"stream\":\"err\"", "\"msg\":\"to stderr\"}");
        }
    }

    @Test
    void aBadFileOrPolicyFailsBeforeAnythingRuns() throws Exception {
        Path file = config("ok.toml", app("api", "sleep 1"));
        VelosCli.Result policy = velos.run("run", file.toString(), "--exit-policy", "nosuch");
        assertThat(policy.exit()).isEqualTo(2);
        assertThat(policy.err()).contains("--exit-policy names 'nosuch', which is not an app of", "Use one of: api");
        VelosCli.Result missing = velos.run("run", apps.resolve("absent.toml").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("config file not found");
        assertThat(velos.daemonPid()).as("no daemon was started").isEmpty();
    }
}
