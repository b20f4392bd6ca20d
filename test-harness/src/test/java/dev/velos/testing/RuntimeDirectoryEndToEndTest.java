// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14.7: a runtime directory another user could write to (or owns) is refused — by the
 * daemon and by the CLI's auto-start — with a message that says why and what to do.
 */
class RuntimeDirectoryEndToEndTest extends EndToEndTest {
    @Test
    void aRuntimeDirectoryWritableByOthersIsRefusedWithAClearMessage() throws Exception {
        Files.createDirectories(velos.home);
        Files.setPosixFilePermissions(velos.home, PosixFilePermissions.fromString("rwxrwxrwx"));

        VelosCli.Result autoStart = velos.run("list");
        assertThat(autoStart.exit()).as(autoStart.toString()).isEqualTo(1);
        assertThat(autoStart.err()).contains("writable by other users").contains("chmod 700 " + velos.home);
        assertThat(velos.home.resolve("velos.sock")).doesNotExist();

        VelosCli.Result daemon = velos.run("daemon");
        assertThat(daemon.exit()).as(daemon.toString()).isEqualTo(1);
        assertThat(daemon.err()).contains("writable by other users");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(velos.home))).isEqualTo("rwxrwxrwx");

        Files.setPosixFilePermissions(velos.home, PosixFilePermissions.fromString("rwx------"));
        velos.ok("list");
    }

    @Test
    void aRuntimeDirectoryOwnedBySomeoneElseIsRefused() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give the directory away");
        Files.createDirectories(velos.home);
        Files.setPosixFilePermissions(velos.home, PosixFilePermissions.fromString("rwx------"));
        Files.setOwner(velos.home, velos.home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        try {
            VelosCli.Result r = velos.run("list");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("belongs to uid").contains("not to you");
        } finally {
            Files.setOwner(velos.home, velos.home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root"));
        }
    }
}
