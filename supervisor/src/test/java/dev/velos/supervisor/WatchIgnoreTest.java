// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code --watch-ignore} glob dialect: gitignore-like, as users write it. */
class WatchIgnoreTest {

    private static boolean ignored(List<String> patterns, String relative) {
        return WatchIgnore.of(patterns).ignores(Path.of(relative));
    }

    @Test
    void defaultsMatchAtAnyDepthAndCoverEverythingBelowADirectory() {
        assertThat(ignored(List.of(), "node_modules")).isTrue();
        assertThat(ignored(List.of(), "packages/web/node_modules/react/index.js")).isTrue();
        assertThat(ignored(List.of(), ".git/objects/ab/cdef")).isTrue();
        assertThat(ignored(List.of(), "logs/deep/server.log")).isTrue();
        assertThat(ignored(List.of(), "src/index.js")).isFalse();
        assertThat(ignored(List.of(), "my_node_modules/x.js")).isFalse();
        assertThat(ignored(List.of(), "server.log.1")).isFalse();
        assertThat(ignored(List.of(), ".gitignore")).isFalse();
    }

    @Test
    void aPatternWithoutSlashMatchesOneComponentOnly() {
        assertThat(ignored(List.of("*.tmp"), "a/b/c.tmp")).isTrue();
        assertThat(ignored(List.of("*.tmp"), "a/b.tmp/c.js")).isTrue();
        assertThat(ignored(List.of("dist"), "app/dist/bundle.js")).isTrue();
        assertThat(ignored(List.of("dist"), "distribution/x.js")).isFalse();
        assertThat(ignored(List.of("?.js"), "src/a.js")).isTrue();
        assertThat(ignored(List.of("?.js"), "src/ab.js")).isFalse();
    }

    @Test
    void aPatternWithSlashIsAnchoredAtTheRootAndCoversItsSubtree() {
        assertThat(ignored(List.of("build/out"), "build/out/x.js")).isTrue();
        assertThat(ignored(List.of("build/out"), "app/build/out/x.js")).isFalse();
        assertThat(ignored(List.of("/tmp"), "tmp/a")).isTrue();
        assertThat(ignored(List.of("/tmp"), "src/tmp/a")).isFalse();
        assertThat(ignored(List.of("./cache/"), "cache/entry")).isTrue();
        assertThat(ignored(List.of("src/*.gen.js"), "src/a.gen.js")).isTrue();
        assertThat(ignored(List.of("src/*.gen.js"), "src/sub/a.gen.js")).isFalse();
    }

    @Test
    void doubleStarCrossesZeroOrMoreDirectories() {
        assertThat(ignored(List.of("src/**/gen"), "src/gen/a.js")).isTrue();
        assertThat(ignored(List.of("src/**/gen"), "src/a/b/gen/a.js")).isTrue();
        assertThat(ignored(List.of("**/fixtures/*.json"), "fixtures/a.json")).isTrue();
        assertThat(ignored(List.of("**/fixtures/*.json"), "test/unit/fixtures/a.json")).isTrue();
        assertThat(ignored(List.of("**/fixtures/*.json"), "test/unit/fixtures/a.js")).isFalse();
        assertThat(ignored(List.of("docs/**"), "docs/a/b.md")).isTrue();
        assertThat(ignored(List.of("docs/**"), "docsx/a.md")).isFalse();
    }

    @Test
    void bracketsBracesAndLiteralFallbacks() {
        assertThat(ignored(List.of("*.{md,txt}"), "README.md")).isTrue();
        assertThat(ignored(List.of("*.{md,txt}"), "a/notes.txt")).isTrue();
        assertThat(ignored(List.of("*.{md,txt}"), "a.js")).isFalse();
        assertThat(ignored(List.of("file[0-9].js"), "file7.js")).isTrue();
        assertThat(ignored(List.of("file[!0-9].js"), "file7.js")).isFalse();
        assertThat(ignored(List.of("file[!0-9].js"), "fileA.js")).isTrue();
        assertThat(ignored(List.of("a[b"), "a[b")).isTrue();
        assertThat(ignored(List.of("{x"), "{x")).isTrue();
        assertThat(ignored(List.of("a+b(c).js"), "a+b(c).js")).isTrue();
    }

    @Test
    void blankPatternsAndTheRootItselfAreNeverIgnored() {
        assertThat(ignored(List.of("", "  ", "/"), "src/a.js")).isFalse();
        assertThat(ignored(List.of("*"), "")).isFalse();
    }
}
