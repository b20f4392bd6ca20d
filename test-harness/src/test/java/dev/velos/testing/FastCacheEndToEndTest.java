// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 15, the CLI rows: bin/velos starts the everyday commands from their own small AOT cache
 * ({@code velos-fast.aot}, trained with only them) and every other command from the full one, and
 * an everyday command then runs on classes from that cache alone: nothing read from the jar,
 * nothing spun at run time by velos's own code (pattern switches), no java.util.Formatter with its
 * locale data.
 */
class FastCacheEndToEndTest extends EndToEndTest {
    private static final Path JAR = VelosCli.REPO.resolve("cli/target/velos.jar");
    private static final Pattern CACHE = Pattern.compile("velos\\.aot\\.cache = (\\S+)");

    /** The cache bin/velos names for {@code args}, from the JVM's own account of its properties. */
    private String cacheFor(String... args) {
        velos.env("VELOS_JAVA_OPTS", "-XshowSettings:properties");
        VelosCli.Result r = velos.run(args);
        Matcher m = CACHE.matcher(r.err());
        assertThat(m.find()).as("velos.aot.cache in %s", r).isTrue();
        return Path.of(m.group(1)).getFileName().toString();
    }

    @Test
    void theLauncherPicksTheFastCacheForTheEverydayCommandsOnly() throws IOException {
        Path missing = apps.resolve("missing.sh"); // start fails before it talks to the daemon
        Path config = Files.writeString(apps.resolve("apps.toml"), "[apps.x]\nscript = \"/bin/true\"\n");
        String socket = home.resolve("velos").resolve("velos.sock").toString();
        Map<List<String>, String> expected = Map.ofEntries(
                Map.entry(List.of("--version"), "velos-fast.aot"),
                Map.entry(List.of("-V"), "velos-fast.aot"),
                Map.entry(List.of("--version", "--verbose"), "velos-cli.aot"),
                Map.entry(List.of("ping"), "velos-fast.aot"),
                Map.entry(List.of("list"), "velos-fast.aot"),
                Map.entry(List.of("ls", "--json"), "velos-fast.aot"),
                Map.entry(List.of("info", "x", "--ai"), "velos-fast.aot"),
                Map.entry(List.of("logs", "x", "-l", "5", "--raw"), "velos-fast.aot"),
                Map.entry(List.of("kill"), "velos-fast.aot"),
                // forms picocli parses, so they need its classes: the full cache
                Map.entry(List.of("list", "--socket", socket), "velos-cli.aot"),
                Map.entry(List.of("logs", "x", "--summary"), "velos-cli.aot"),
                Map.entry(List.of("info", "--help"), "velos-cli.aot"),
                Map.entry(List.of("start", missing.toString(), "--name", "m"), "velos-fast.aot"),
                Map.entry(List.of("start", missing.toString(), "--", "--port", "a.json"), "velos-fast.aot"),
                Map.entry(List.of("start", missing.toString(), "--cwd", "/tmp"), "velos-cli.aot"),
                // config files: Jackson's TOML reader is in the full cache only
                Map.entry(List.of("start", "--config", config.toString()), "velos-cli.aot"),
                Map.entry(List.of("start", apps.resolve("ecosystem.config.js").toString()), "velos-cli.aot"),
                Map.entry(List.of("apply", "--help"), "velos-cli.aot"),
                Map.entry(List.of("--help"), "velos-cli.aot"));
        for (Map.Entry<List<String>, String> e : expected.entrySet()) {
            assertThat(cacheFor(e.getKey().toArray(String[]::new))).as("velos %s", e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void everydayCommandsRunOnTheirCacheAlone() throws IOException {
        // The build trains all the caches or none (bin/aot-train): when the full one is there, so must the fast one be.
        Path cache = JAR.resolveSibling("velos-cli.aot");
        assumeTrue(Files.isRegularFile(cache) && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(JAR)) > 0,
                "AOT caches trained for this jar (make build; not with -Dvelos.aot.skip=true)");
        Path app = script("tick.sh", "while :; do echo tick; sleep 1; done\n");
        velos.ok("start", app.toString(), "--name", "warm"); // the daemon is up: the commands below only talk to it
        Path logs = Files.createDirectories(home.resolve("class-logs"));
        velos.env("VELOS_JAVA_OPTS", "-Xlog:class+load:file=" + logs.resolve("classes-%p.log"));
        List<String[]> commands = List.of(new String[] {"--version"}, new String[] {"ping"},
                new String[] {"start", app.toString(), "--name", "tick"}, new String[] {"list"}, new String[] {"info", "tick"},
                new String[] {"logs", "tick", "-l", "5"}, new String[] {"restart", "tick"}, new String[] {"stop", "tick"},
                new String[] {"delete", "tick"}, new String[] {"save"}, new String[] {"kill"});
        for (String[] command : commands) {
            velos.ok(command);
        }
        List<String> offenders = new ArrayList<>();
        try (var files = Files.list(logs)) {
            for (Path f : files.sorted().toList()) {
                Files.readAllLines(f).stream()
                        .filter(l -> l.contains("source: file:") || l.contains("source: jar:")
                                || l.matches(".*dev\\.velos\\.(cli|ipc)\\.\\S*\\$\\$TypeSwitch.*")
                                || l.contains("java.util.Formatter ") || l.contains("sun.util.locale.provider."))
                        .forEach(l -> offenders.add(f.getFileName() + ": " + l));
            }
        }
        assertThat(offenders).as("classes read from the jar, spun by velos's code, or Formatter on the fast path")
                .isEmpty();
    }
}
