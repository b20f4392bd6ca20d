// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * {@link FileWatcher} against real inotify in temporary trees. The fd is non-blocking, so the
 * tests poll {@link FileWatcher#drain()} instead of running an event loop. "Not reported" is
 * proven with a sentinel: inotify delivers events in order, so once a later change to a
 * sentinel file has been reported, every earlier event has been drained too.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileWatcherTest {
    @TempDir
    Path root;

    @TempDir
    Path outside;

    private FileWatcher watcher;
    private final Set<Path> seen = new LinkedHashSet<>();

    @AfterEach
    void closeWatcher() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private FileWatcher watch(List<Path> roots, List<String> ignores, Optional<Path> logDir) {
        watcher = new FileWatcher(roots, ignores, logDir);
        return watcher;
    }

    private FileWatcher watchRoot() {
        return watch(List.of(root), List.of(), Optional.empty());
    }

    /** Drains until every path in {@code expected} has been reported; returns all reported so far. */
    private Set<Path> awaitReported(Path... expected) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            seen.addAll(watcher.drain());
            return seen.containsAll(List.of(expected));
        });
        return seen;
    }

    /** Changes a sentinel file in the root and drains until it is reported: everything earlier is drained too. */
    private Set<Path> drainThroughSentinel() throws IOException {
        Path sentinel = write(root.resolve("sentinel-" + System.nanoTime() + ".txt"));
        return awaitReported(sentinel);
    }

    private static Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x" + System.nanoTime());
        return file;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void whenAFileInTheRootChangesThenItIsReported() throws IOException {
        Path file = write(root.resolve("app.js"));
        watchRoot();

        write(file);

        assertThat(awaitReported(file)).contains(file);
    }

    @Test
    void whenAFileInASubdirectoryChangesThenItIsReported() throws IOException {
        Path file = write(root.resolve("src/lib/util.js"));
        watchRoot();

        write(file);

        awaitReported(file);
    }

    @Test
    void whenASubdirectoryIsCreatedAfterStartThenAFileInItIsReported() throws IOException {
        watchRoot();
        Path dir = Files.createDirectory(root.resolve("routes"));
        awaitReported(dir);

        Path file = write(dir.resolve("index.js"));

        awaitReported(file);
    }

    @Test
    void whenANestedTreeAppearsInOneBurstThenItsFilesAreReportedAndItsDirectoriesWatched() throws IOException {
        watchRoot();
        Path deep = write(root.resolve("a/b/c/deep.js"));
        awaitReported(deep);

        Path later = write(root.resolve("a/b/c/later.js"));

        awaitReported(later);
        assertThat(watcher.watchCount()).isEqualTo(4);
    }

    @Test
    void whenFilesUnderNodeModulesGitOrNamedLogChangeThenNothingIsReported() throws IOException {
        Path module = write(root.resolve("node_modules/left-pad/index.js"));
        Path head = write(root.resolve(".git/HEAD"));
        Path nestedModule = write(root.resolve("packages/web/node_modules/x/y.js"));
        watchRoot();

        write(module);
        write(head);
        write(nestedModule);
        Path log = write(root.resolve("packages/web/server.log"));
        write(root.resolve("node_modules/new-pkg/index.js"));

        Set<Path> reported = drainThroughSentinel();
        assertThat(reported).map(p -> root.relativize(p).toString())
                .noneMatch(p -> p.contains("node_modules") || p.contains(".git"));
        assertThat(reported).doesNotContain(log);
        assertThat(watcher.watchCount()).as("root, packages, packages/web; never an ignored tree").isEqualTo(3);
    }

    @Test
    void whenACustomIgnoreGlobMatchesThenTheChangeIsNotReported() throws IOException {
        Path dist = write(root.resolve("dist/bundle.js"));
        Path generated = write(root.resolve("src/api/gen/client.js"));
        watch(List.of(root), List.of("dist", "src/**/gen", "*.tmp"), Optional.empty());

        write(dist);
        write(generated);
        write(root.resolve("src/notes.tmp"));
        Path kept = write(root.resolve("src/api/handler.js"));

        Set<Path> reported = drainThroughSentinel();
        assertThat(reported).contains(kept);
        assertThat(reported).map(p -> root.relativize(p).toString())
                .noneMatch(p -> p.startsWith("dist") || p.contains("gen") || p.endsWith(".tmp"));
    }

    @Test
    void whenAWatchedFileIsReplacedByAnAtomicRenameThenItIsReported() throws IOException {
        Path target = write(root.resolve("config.json"));
        Path sibling = write(root.resolve("other.json"));
        watch(List.of(target), List.of(), Optional.empty());

        for (int save = 0; save < 3; save++) {
            Path tmp = write(root.resolve(".config.json.swp" + save));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            seen.clear();
            assertThat(awaitReported(target)).as("save %d", save).doesNotContain(sibling);
        }
        write(sibling);
        write(target);
        assertThat(awaitReported(target)).doesNotContain(sibling);
    }

    @Test
    void whenAWatchedSubdirectoryIsDeletedThenTheWatcherKeepsWorking() throws IOException {
        write(root.resolve("sub/inner/a.js"));
        watchRoot();
        assertThat(watcher.watchCount()).isEqualTo(3);

        deleteTree(root.resolve("sub"));
        awaitReported(root.resolve("sub"));
        Path file = write(root.resolve("index.js"));

        awaitReported(file);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            watcher.drain();
            return watcher.watchCount() == 1;
        });
        Path recreated = write(root.resolve("sub/again.js"));
        awaitReported(recreated);
    }

    @Test
    void whenADirectoryIsMovedOutThenInThenOnlyItsNewPlaceIsWatched() throws IOException {
        Path file = write(root.resolve("moving/file.js"));
        watchRoot();

        Files.move(root.resolve("moving"), outside.resolve("moving"));
        awaitReported(root.resolve("moving"));
        write(outside.resolve("moving/file.js"));
        Set<Path> reported = drainThroughSentinel();
        assertThat(reported).doesNotContain(file);

        Files.move(outside.resolve("moving"), root.resolve("back"));
        awaitReported(root.resolve("back"), root.resolve("back/file.js"));
        Path moved = write(root.resolve("back/file.js"));
        seen.clear();
        awaitReported(moved);
    }

    @Test
    void theVelosLogDirectoryIsIgnoredEvenWithoutALogSuffix() throws IOException {
        Path logs = Files.createDirectories(root.resolve("logs"));
        write(logs.resolve("old/app-out.log.1"));
        watch(List.of(root), List.of(), Optional.of(logs));
        assertThat(watcher.watchCount()).isEqualTo(1);

        write(logs.resolve("app-out.log.2"));
        write(logs.resolve("rotated/app-err.txt"));

        assertThat(drainThroughSentinel()).noneMatch(p -> p.startsWith(logs));
    }

    @Test
    void closeReleasesTheFdIsIdempotentAndDrainAfterCloseIsEmpty() throws IOException {
        FileWatcher w = watchRoot();
        Path fdLink = Path.of("/proc/self/fd/" + w.fd());
        assertThat(Files.readSymbolicLink(fdLink).toString()).isEqualTo("anon_inode:inotify");
        write(root.resolve("a.js"));

        w.close();

        assertThat(fdLink).satisfiesAnyOf(
                link -> assertThat(link).doesNotExist(),
                link -> assertThat(Files.readSymbolicLink(link).toString()).isNotEqualTo("anon_inode:inotify"));

        assertThatCode(w::close).doesNotThrowAnyException();
        assertThat(w.drain()).isEmpty();
    }

    @Test
    void whenFiveHundredFilesAreCreatedThenTheChangeIsReported() throws IOException {
        watchRoot();

        for (int i = 0; i < 500; i++) {
            write(root.resolve("bulk/f" + i + ".js"));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            seen.addAll(watcher.drain());
            return !seen.isEmpty();
        });
        assertThat(seen).anyMatch(p -> p.startsWith(root.resolve("bulk")));
    }

    @Test
    void whenTheQueueOverflowsThenTheRootIsReportedAndNewDirectoriesAreStillWatched() throws IOException {
        // One buffered read: a sysctl file read at a non-zero offset returns EOF, and
        // Files.readString of a size-0 /proc file may read its first byte alone ("1" for 16384).
        int maxQueued = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/fs/inotify/max_queued_events")).getFirst().strip());
        assumeTrue(maxQueued <= 65536, "queue too large to overflow quickly");
        watchRoot();

        // Each write is CREATE + MODIFY + CLOSE_WRITE; nothing is drained meanwhile, so the queue overflows.
        for (int i = 0; i < maxQueued / 3 + 500; i++) {
            write(root.resolve("flood-" + i));
        }
        Files.createDirectory(root.resolve("late"));

        assertThat(awaitReported(root)).contains(root);
        Path file = write(root.resolve("late/after-overflow.js"));
        awaitReported(file);
    }

    @Test
    void aSymlinkCycleIsWatchedOnceAndDoesNotLoop() throws IOException {
        Path file = write(root.resolve("a/b/file.js"));
        Files.createSymbolicLink(root.resolve("a/b/up"), root);
        Files.createSymbolicLink(root.resolve("a/self"), root.resolve("a"));
        watchRoot();

        assertThat(watcher.watchCount()).isEqualTo(3);
        write(file);
        awaitReported(file);
    }

    @Test
    void whenTheWatchCapIsReachedThenTheWatcherStillWorksForWhatItWatches() throws IOException {
        for (int i = 0; i < 10; i++) {
            Files.createDirectories(root.resolve("d" + i));
        }
        watcher = new FileWatcher(List.of(root), List.of(), Optional.empty(), 4);

        assertThat(watcher.watchCount()).isEqualTo(4);
        Path file = write(root.resolve("top.js"));
        awaitReported(file);
    }

    @Test
    void aRootThatDoesNotExistIsSkippedWithoutFailing() throws IOException {
        Path file = write(root.resolve("real.js"));
        watch(List.of(root.resolve("missing/dir"), root), List.of(), Optional.empty());

        write(file);

        awaitReported(file);
    }
}
