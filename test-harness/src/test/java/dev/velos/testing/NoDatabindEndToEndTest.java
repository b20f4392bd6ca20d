// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: neither the daemon nor the everyday commands load jackson-databind (its first use
 * costs a command ~100 ms and the daemon ~500 classes). Every JVM that {@code bin/velos} starts
 * here — the commands and the daemon they auto-start — logs its class loading
 * ({@code -Xlog:class+load} through {@code VELOS_JAVA_OPTS}, one file per pid), and no log may
 * name a databind class.
 */
class NoDatabindEndToEndTest extends EndToEndTest {

    @Test
    void theDaemonAndTheEverydayCommandsLoadNoDatabindClass() throws IOException {
        Path logs = Files.createDirectories(home.resolve("class-logs"));
        velos.env("VELOS_JAVA_OPTS", "-Xlog:class+load:file=" + logs.resolve("classes-%p.log"));
        Path app = script("tick.sh", "while :; do echo tick; sleep 1; done\n");
        List<String[]> commands = List.of(
                new String[] {"start", app.toString(), "--name", "tick"},
                new String[] {"ping"}, new String[] {"ping", "--json"},
                new String[] {"start", app.toString(), "--name", "tock", "--json"},
                new String[] {"list"}, new String[] {"list", "--json"}, new String[] {"ls", "--ai"},
                new String[] {"info", "tick"}, new String[] {"info", "tick", "--json"},
                new String[] {"logs", "tick", "--lines", "5"}, new String[] {"logs", "tick", "--lines", "5", "--json"},
                new String[] {"restart", "tick"}, new String[] {"restart", "tock", "--json"},
                new String[] {"stop", "tick"}, new String[] {"stop", "tock", "--json"});
        for (String[] command : commands) {
            velos.ok(command);
        }
        velos.close(); // the daemon exits, so its log is complete

        List<Path> files;
        try (Stream<Path> s = Files.list(logs)) {
            files = s.sorted().toList();
        }
        assertThat(files).as("one class log per JVM").hasSizeGreaterThanOrEqualTo(commands.size() + 1);
        List<String> offenders = new ArrayList<>();
        int daemons = 0;
        for (Path f : files) {
            String log = Files.readString(f);
            daemons += log.contains("dev.velos.daemon.DaemonCommands ") ? 1 : 0;
            log.lines().filter(l -> l.contains("com.fasterxml.jackson.databind.")).findFirst()
                    .ifPresent(l -> offenders.add(f.getFileName() + ": " + l));
        }
        assertThat(daemons).as("the auto-started daemon logged too").isEqualTo(1);
        assertThat(offenders).as("databind classes loaded").isEmpty();
    }
}
