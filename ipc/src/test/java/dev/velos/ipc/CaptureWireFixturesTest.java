// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** One-off: writes the wire-v1 fixtures with the codec of velos 0.1.0 (-Dvelos.capture=<dir>). */
class CaptureWireFixturesTest {
    @Test
    @EnabledIfSystemProperty(named = "velos.capture", matches = ".+")
    void capture() throws Exception {
        Path dir = Path.of(System.getProperty("velos.capture"));
        Files.createDirectories(dir);
        for (WireSamples.Sample s : WireSamples.all()) {
            byte[] body = switch (s.kind()) {
                case REQUEST -> Messages.request(WireSamples.ID, s.cmd(), s.value());
                case OK -> Messages.ok(WireSamples.ID, s.value());
                case EVENT -> Messages.event(WireSamples.ID, s.value());
                case ERROR -> Messages.error(WireSamples.ID, WireSamples.ERROR_CODE, (String) s.value());
            };
            Files.write(dir.resolve(s.file() + ".msgpack"), body);
        }
    }
}
