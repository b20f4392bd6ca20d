// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install.sh (issue 24) on the archive of {@code make dist}: it checks the SHA-256 against the
 * SHA256SUMS beside the archive, installs into a prefix with links on PATH, replaces an installation
 * in place when run again, refuses what it cannot verify (changing nothing), and --uninstall removes
 * exactly what it installed. Always with --prefix: the default places (/opt/velos for root) are the
 * Debian package's test's. Tagged "dist": only {@code make dist-test} runs it.
 */
@Tag("dist")
class InstallScriptEndToEndTest {
    private static final Path INSTALL = VelosCli.REPO.resolve("install.sh");

    @TempDir
    Path dir;

    /** {@code sh install.sh args} with the environment of a machine without a JDK. */
    private VelosCli.Result install(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", INSTALL.toString()));
        argv.addAll(List.of(args));
        return ReleaseVelos.exec(new ReleaseVelos(Path.of("velos"), dir).process(argv), Duration.ofSeconds(300));
    }

    @Test
    void installsVerifiedRunsFromItsLinkReplacesInPlaceAndUninstalls() throws Exception {
        Path archive = ReleaseVelos.archive();
        Path prefix = dir.resolve("prefix");
        VelosCli.Result first = install("--prefix", prefix.toString(), archive.toString());
        assertThat(first.exit()).as("%s", first).isZero();
        assertThat(first.out()).contains(archive.getFileName() + ": SHA-256 OK");

        Path tree = prefix.resolve("lib/velos");
        assertThat(prefix.resolve("bin/velos")).isSymbolicLink();
        assertThat(Files.readSymbolicLink(prefix.resolve("bin/velos"))).isEqualTo(tree.resolve("bin/velos"));
        for (String file : List.of("share/man/man1/velos.1", "share/bash-completion/completions/velos",
                "share/zsh/site-functions/_velos", "share/fish/vendor_completions.d/velos.fish")) {
            assertThat(prefix.resolve(file)).as(file).isSymbolicLink().exists();
        }
        try (ReleaseVelos velos = new ReleaseVelos(prefix.resolve("bin/velos"), dir)) {
            // Through the link: the launcher finds its tree, its runtime and its caches behind it.
            assertThat(velos.ok("--version", "--verbose").out()).contains("bundled runtime at " + tree.resolve("runtime"))
                    .contains("AOT cache: used (" + tree.resolve("lib/velos-cli.aot") + ")");
            velos.ok("start", VelosCli.script(dir, "idle.sh", "exec sleep 600").toString(), "--name", "idle");
            assertThat(velos.ok("list").out()).contains("idle");
        }

        // Again: the same places, the old tree gone, no scratch directory left beside it.
        Files.writeString(tree.resolve("marker-of-the-old-tree"), "");
        VelosCli.Result second = install("--prefix", prefix.toString(), archive.toString());
        assertThat(second.exit()).as("%s", second).isZero();
        assertThat(tree.resolve("marker-of-the-old-tree")).doesNotExist();
        assertThat(tree.resolve("bin/velos")).exists();
        try (Stream<Path> lib = Files.list(prefix.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()).toList()).containsExactly("velos");
        }
        try (ReleaseVelos velos = new ReleaseVelos(prefix.resolve("bin/velos"), dir)) {
            assertThat(velos.ok("--version").out()).startsWith("velos ");
        }

        VelosCli.Result removed = install("--prefix", prefix.toString(), "--uninstall");
        assertThat(removed.exit()).as("%s", removed).isZero();
        assertThat(tree).doesNotExist();
        for (String link : List.of("bin/velos", "share/man/man1/velos.1", "share/bash-completion/completions/velos",
                "share/zsh/site-functions/_velos", "share/fish/vendor_completions.d/velos.fish")) {
            assertThat(Files.exists(prefix.resolve(link), LinkOption.NOFOLLOW_LINKS)).as(link).isFalse();
        }
        VelosCli.Result again = install("--prefix", prefix.toString(), "--uninstall");
        assertThat(again.exit()).as("%s", again).isZero();
        assertThat(again.out()).contains("not installed");
    }

    @Test
    void refusesAnArchiveItCannotVerifyAndChangesNothing() throws Exception {
        Path archive = ReleaseVelos.archive();
        Path prefix = dir.resolve("prefix");
        Path copies = Files.createDirectories(dir.resolve("downloads"));
        Path copy = Files.copy(archive, copies.resolve(archive.getFileName()));

        VelosCli.Result noSums = install("--prefix", prefix.toString(), copy.toString());
        assertThat(noSums.exit()).isNotZero();
        assertThat(noSums.err()).contains("no checksum file " + copies.resolve("SHA256SUMS"));

        Files.writeString(copies.resolve("SHA256SUMS"), "0".repeat(64) + "  " + archive.getFileName() + "\n");
        VelosCli.Result mismatch = install("--prefix", prefix.toString(), copy.toString());
        assertThat(mismatch.exit()).isNotZero();
        assertThat(mismatch.err()).contains("checksum mismatch for " + archive.getFileName());

        Files.writeString(copies.resolve("SHA256SUMS"), "0".repeat(64) + "  velos-other.tar.gz\n");
        assertThat(install("--prefix", prefix.toString(), copy.toString()).err()).contains("has no line for " + archive.getFileName());

        VelosCli.Result url = install("--prefix", prefix.toString(), "https://example.invalid/" + archive.getFileName());
        assertThat(url.exit()).isNotZero();
        assertThat(url.err()).contains("is not a local file");

        assertThat(prefix).doesNotExist();
        // The sums file make dist wrote is the one that verifies it.
        assertThat(Files.readString(ReleaseVelos.DIST.resolve("SHA256SUMS"))).contains("  " + archive.getFileName());
    }
}
