// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script's shebang is read once while the file is unchanged (every spawn plans afresh, and a start
 * of 1,000 apps planned each twice), and read again as soon as the file changes.
 */
class InterpretersCacheTest {
    @TempDir
    Path dir;

    @Test
    void anUnchangedScriptIsReadOnceAndAChangedOneAgain() throws IOException {
        Path script = Files.writeString(dir.resolve("tool"), "#!/usr/bin/env python3\nprint(1)\n");
        long before = Interpreters.headReads();

        assertThat(Interpreters.detect(script, "tool")).contains(List.of("python3"));
        assertThat(Interpreters.detect(script, "tool")).contains(List.of("python3"));
        assertThat(Interpreters.detect(script, "tool")).contains(List.of("python3"));
        assertThat(Interpreters.headReads() - before).isEqualTo(1);

        Files.writeString(script, "#!/usr/bin/env node\nconsole.log(1)\n");
        // A rewrite within the file system's timestamp granularity: the size differs here, and a set
        // time makes the test independent of how coarse the clock is.
        Files.setLastModifiedTime(script, FileTime.fromMillis(Files.getLastModifiedTime(script).toMillis() + 5000));
        assertThat(Interpreters.detect(script, "tool")).contains(List.of("node"));
        assertThat(Interpreters.headReads() - before).isEqualTo(2);
    }

    @Test
    void aMissingScriptFallsBackToItsExtensionAndIsNotRemembered() {
        Path missing = dir.resolve("gone.py");
        assertThat(Interpreters.detect(missing, "gone.py")).isEqualTo(Optional.of(List.of("python3")));
        assertThat(Interpreters.detect(dir, "somedir")).isEmpty();
    }
}
