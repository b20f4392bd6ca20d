// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The runtime directory ({@code $VELOS_HOME}) and its private subdirectories: created 0700 when
 * missing; an existing one is used only if it is a real directory (not a link), owned by this
 * process's effective user and writable by nobody else (issue 14.7). Otherwise another user
 * could have planted the socket, the state file or links where the daemon writes its logs, so
 * the daemon refuses to start and says how to fix it — it never silently chmods someone else's
 * directory into shape. A directory of ours that is merely readable by others (0755, an older
 * velos) is tightened to 0700.
 */
final class RuntimeDirectory {
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS = Set.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private RuntimeDirectory() {
    }

    /** Creates {@code dir} (and parents) if needed, checks it as above and makes it 0700. */
    static void preparePrivate(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir);
        }
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new DaemonException("the velos runtime directory " + dir + " is not a directory"
                    + (attributes.isSymbolicLink() ? " but a symbolic link" : "")
                    + "; remove it or point VELOS_HOME at a directory of your own");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int self = effectiveUid();
        if (owner != self) {
            throw new DaemonException("the velos runtime directory " + dir + " belongs to uid " + owner
                    + ", not to you (uid " + self + "); refusing to use it: point VELOS_HOME at a directory you own");
        }
        if (attributes.permissions().stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
            throw new DaemonException("the velos runtime directory " + dir + " is writable by other users (mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + "); refusing to use it: another user"
                    + " may have placed files there. Check its contents, then run: chmod 700 " + dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /** The effective uid: the owner of {@code /proc/self}, which is this process. */
    static int effectiveUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
