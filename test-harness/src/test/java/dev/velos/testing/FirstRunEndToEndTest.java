// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 9: the first {@code bin/velos} in a fresh clone builds velos and says so in one
 * line, then prints the command's own result; the build's chatter (Maven's colour codes, the JDK's
 * AOT-training narration) goes to a log that is named in that line and shown when the build fails.
 * The clone is a copy of the launcher beside an empty {@code cli/}; the build is a quick stand-in
 * given through {@code VELOS_BUILD_COMMAND} that prints the real chatter and puts the real jar in
 * place (a real {@code make build} in a copy of the tree takes minutes and is what the launcher
 * runs when the variable is unset).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FirstRunEndToEndTest {
    private static final String CHATTER = "printf 'Picked up JAVA_TOOL_OPTIONS: -XX:AOTMode=create\\n"
            + "\\033[0m\\033[0m[INFO] Launching child process /usr/bin/java\\nAOTCache creation is complete: velos-cli.aot\\n'";

    @TempDir
    Path clone;
    @TempDir
    Path home;

    record Run(int exit, String out, String err) {
    }

    @Test
    void aFreshCloneBuildsQuietlyThenRunsTheCommand() throws Exception {
        freshClone();
        Path realJar = VelosCli.REPO.resolve("cli/target/velos.jar");
        Run r = run(CHATTER + " && mkdir -p \"$1/cli/target\" && cp '" + realJar + "' \"$1/cli/target/velos.jar\"", "--version");
        Path log = clone.resolve("cli/target/first-build.log");
        assertThat(r.err()).isEqualTo("velos: building velos first (about a minute; log: " + log + ")...\n");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("velos ").doesNotContain("Picked up").doesNotContain("\u001b");
        assertThat(Files.readString(log)).contains("Picked up JAVA_TOOL_OPTIONS", "AOTCache creation is complete");

        Run again = run("echo must not build again; exit 3", "--version");
        assertThat(again.exit()).isZero();
        assertThat(again.err()).as("the jar is there now: no build line").isEmpty();
    }

    @Test
    void aFailedBuildNamesItsLogAndShowsItsEnd() throws Exception {
        freshClone();
        Run r = run(CHATTER + " && echo '\033[1;31m[ERROR] BUILD FAILURE: no JDK 25\033[0m' && exit 2", "list");
        Path log = clone.resolve("cli/target/first-build.log");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("velos: building velos first (about a minute; log: " + log + ")...\n"
                + "velos: the build failed; the full log is " + log + ". Its last lines:\n");
        assertThat(r.err()).contains("[ERROR] BUILD FAILURE: no JDK 25").doesNotContain("\u001b");
        assertThat(Files.readString(log)).contains("Picked up JAVA_TOOL_OPTIONS", "BUILD FAILURE");
    }

    /** The launcher and find-jdk as a clone has them, with a Makefile and an empty cli/ (no jar yet). */
    private void freshClone() throws IOException {
        Files.createDirectories(clone.resolve("bin"));
        Files.createDirectories(clone.resolve("cli"));
        for (String f : new String[] {"bin/velos", "bin/find-jdk"}) {
            Files.copy(VelosCli.REPO.resolve(f), clone.resolve(f));
        }
        Files.writeString(clone.resolve("Makefile"), "build:\n\t@echo the test's stand-in build was not used; exit 1\n");
    }

    private Run run(String buildCommand, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = clone.resolve("bin/velos").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).directory(clone.toFile());
        pb.environment().put("VELOS_BUILD_COMMAND", buildCommand);
        pb.environment().put("VELOS_HOME", home.toString());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().remove("VELOS_SOCKET");
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
