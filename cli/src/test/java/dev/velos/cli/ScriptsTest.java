// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptsTest {
    @TempDir
    Path dir;

    @Test
    void defaultNameIsTheFileStem() {
        assertThat(Scripts.defaultName("server.js")).isEqualTo("server");
        assertThat(Scripts.defaultName("./bin/app")).isEqualTo("app");
        assertThat(Scripts.defaultName("/opt/x/worker.py")).isEqualTo("worker");
        assertThat(Scripts.defaultName("archive.tar.gz")).isEqualTo("archive.tar");
        assertThat(Scripts.defaultName("examples/hello/app.sh")).isEqualTo("app");
        assertThat(Scripts.defaultName(".env")).isEqualTo(".env");
        assertThat(Scripts.defaultName("dir/")).isEqualTo("dir");
        assertThat(Scripts.defaultName("/")).isEqualTo("app");
        assertThat(Scripts.defaultName("python3")).isEqualTo("python3");
    }

    @Test
    void pathsHaveASlashOrAnExtension() {
        assertThat(Scripts.looksLikePath("server.js")).isTrue();
        assertThat(Scripts.looksLikePath("./app")).isTrue();
        assertThat(Scripts.looksLikePath("app.sh")).isTrue();
        assertThat(Scripts.looksLikePath("node")).isFalse();
        assertThat(Scripts.looksLikePath("python3.12")).isFalse();
    }

    @Test
    void aMissingPathIsReportedWithTheDirectory() {
        assertThatThrownBy(() -> Scripts.requireExists("gone.js", dir, false, "/usr/bin:/bin"))
                .isInstanceOf(CliException.class).hasMessage("script 'gone.js' not found in " + dir);
        assertThatThrownBy(() -> Scripts.requireExists("/nope/gone.js", dir, false, "/usr/bin:/bin"))
                .hasMessage("script '/nope/gone.js' not found");
    }

    @Test
    void aBareNameMayComeFromPathUnlessAnInterpreterReadsIt() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("mytool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        assertThatCode(() -> Scripts.requireExists("mytool", dir, false, bin.toString())).doesNotThrowAnyException();
        assertThatThrownBy(() -> Scripts.requireExists("mytool", dir, true, bin.toString()))
                .hasMessage("script 'mytool' not found in " + dir);
        assertThatThrownBy(() -> Scripts.requireExists("othertool", dir, false, bin.toString()))
                .hasMessage("script 'othertool' not found in " + dir + " or on PATH");
    }

    @Test
    void aDirectoryIsNotAScript() throws Exception {
        Files.createDirectory(dir.resolve("site"));
        assertThatThrownBy(() -> Scripts.requireExists("site", dir, false, "")).hasMessageContaining("is a directory");
    }

    @Test
    void anExistingFileInCwdIsFound() throws Exception {
        Files.writeString(dir.resolve("app"), "x");
        assertThatCode(() -> Scripts.requireExists("app", dir, false, "")).doesNotThrowAnyException();
    }

    /** The hand-written check is the regex it replaced ({@code .+\.[A-Za-z][A-Za-z0-9]*}), word for word. */
    @Test
    void looksLikePathIsTheExtensionRegex() {
        java.util.regex.Pattern extension = java.util.regex.Pattern.compile(".+\\.[A-Za-z][A-Za-z0-9]*");
        String[] words = {"app.sh", "server.js", "python3.12", "python3", ".bashrc", "a.", "a.b", "a.B9", "a.9b", "x.y.z", "x.y.9",
            "node", "a..js", "..js", "a\nb.js", "a\u2028.js", "a.j\u00e9", "\u00e9.js", "a.js\n", "", ".", "a b.sh", "v1.2.x"};
        for (String w : words) {
            assertThat(Scripts.looksLikePath(w)).as(w).isEqualTo(w.indexOf('/') >= 0 || extension.matcher(w).matches());
        }
    }
}
