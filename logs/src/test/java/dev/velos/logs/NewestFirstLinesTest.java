// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The pull cursor gives what the visitor form gives: newest first, across rotations and block boundaries. */
class NewestFirstLinesTest {
    @TempDir
    Path dir;

    @Test
    void linesComeNewestFirstAcrossBlocksAndRotationsWithoutTheUnfinishedLastLine() throws Exception {
        Path file = dir.resolve("app-out.log");
        StringBuilder older = new StringBuilder();
        StringBuilder newer = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String line = "2026-12-04T10:00:00.000Z line " + i + " " + "x".repeat(i % 97) + "\n";
            (i < 1500 ? older : newer).append(line);
        }
        for (int i = 2999; i >= 0; i--) {
            expected.add("line " + i + " " + "x".repeat(i % 97));
        }
        Files.writeString(LogFileWriter.rotated(file, 1), older);
        Files.writeString(file, newer + "2026-12-04T10:00:00.000Z still being writ");
        List<String> seen = new ArrayList<>();
        try (NewestFirstLines lines = NewestFirstLines.open(file, 0)) {
            for (var l = lines.next(); l.isPresent(); l = lines.next()) {
                seen.add(l.get().text());
            }
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void aMissingLiveFileStillReadsItsRotations() throws Exception {
        Path file = dir.resolve("gone-out.log");
        Files.writeString(LogFileWriter.rotated(file, 1), "2026-12-04T10:00:00.000Z kept\n");
        try (NewestFirstLines lines = NewestFirstLines.open(file, 0)) {
            assertThat(lines.next()).get().extracting(LogFormat.FileLine::text).isEqualTo("kept");
            assertThat(lines.next()).isEmpty();
        }
    }
}
