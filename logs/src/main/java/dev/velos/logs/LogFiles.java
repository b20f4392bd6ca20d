// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

import dev.velos.model.AppNames;
import dev.velos.model.LogStream;

/**
 * Where an app's lines are stored, the one owner of log file names: {@code <dir>/<name>-out.log}
 * and {@code -err.log} by default, {@code <name>.log} when merged, or the paths its
 * {@link LogPolicy} sets; rotations are {@code <file>.1}, {@code .2}, … and compressed ones
 * {@code <file>.2.gz}, ….
 *
 * <p>A cluster instance {@code web:0} writes {@code web-0-out.log}: a {@code :} in a file name
 * breaks tools that read it as a host or drive separator (scp, rsync, Windows shares). Files an
 * older velos wrote as {@code web:0-out.log} are not renamed (a rename under a reader or a
 * logrotate rule would surprise more than it helps): reads include them
 * ({@link #legacy}), {@code flush} empties them, and nothing writes to them again.
 */
final class LogFiles {
    private LogFiles() {
    }

    /** The name an app's files start with: its name, with an instance's {@code :} as {@code -}. */
    static String stem(String name) {
        return AppNames.fileStem(name);
    }

    /** Where {@code name}'s {@code stream} lines go under {@code policy}; empty when they are discarded. */
    static Optional<Path> target(Path dir, String name, LogStream stream, LogPolicy policy) {
        Optional<Path> set = policy.fileSetFor(stream);
        if (set.isPresent()) {
            return set.filter(p -> !p.equals(LogPolicy.DISCARD));
        }
        String stem = stem(name);
        return Optional.of(policy.merged() ? dir.resolve(stem + ".log") : dir.resolve(stem + "-" + stream.shortName() + ".log"));
    }

    /** The file an older velos wrote {@code name}'s {@code stream} to, if it differs from today's and exists. */
    static Optional<Path> legacy(Path dir, String name, LogStream stream) {
        if (name.indexOf(':') < 0) {
            return Optional.empty();
        }
        AppNames.requireValid(name);
        Path old = dir.resolve(name + "-" + stream.shortName() + ".log");
        boolean any = Files.exists(old, LinkOption.NOFOLLOW_LINKS) || Files.exists(rotated(old, 1), LinkOption.NOFOLLOW_LINKS);
        return any ? Optional.of(old) : Optional.empty();
    }

    /** The {@code k}th rotation of {@code file}, uncompressed. */
    static Path rotated(Path file, int k) {
        return file.resolveSibling(file.getFileName() + "." + k);
    }

    /** The {@code k}th rotation of {@code file}, gzip-compressed. */
    static Path compressed(Path file, int k) {
        return file.resolveSibling(file.getFileName() + "." + k + ".gz");
    }

    /** Where a compression of the {@code k}th rotation is written before it is complete. */
    static Path compressing(Path file, int k) {
        return file.resolveSibling(file.getFileName() + "." + k + ".gz.tmp");
    }

    /** Whether the {@code k}th rotation exists, plain or compressed. */
    static boolean rotationExists(Path file, int k) {
        return Files.exists(rotated(file, k), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(compressed(file, k), LinkOption.NOFOLLOW_LINKS);
    }
}
