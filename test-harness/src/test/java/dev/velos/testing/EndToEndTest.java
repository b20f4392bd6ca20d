// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the end-to-end suites: each test gets its own runtime directory (so its own daemon),
 * a directory for its scripts, and the real {@code bin/velos}; the daemon is killed afterwards.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class EndToEndTest {
    @TempDir
    Path home;
    @TempDir
    Path apps;
    VelosCli velos;

    @BeforeEach
    void startFresh() {
        velos = new VelosCli(home.resolve("velos"));
    }

    @AfterEach
    void killDaemon() {
        velos.close();
    }

    Path script(String name, String body) throws IOException {
        return VelosCli.script(apps, name, body);
    }

    /** {@code velos info <name> --json} as one object. */
    JsonNode info(String name) {
        JsonNode node = velos.ok("info", name, "--json").json();
        return node.isArray() ? node.get(0) : node;
    }
}
