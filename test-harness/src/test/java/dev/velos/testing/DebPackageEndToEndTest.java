// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package of {@code make deb} (issue 24), installed with {@code dpkg -i}, used as
 * {@code velos} on a PATH of /usr/bin:/bin with no JDK, and removed with {@code dpkg -r}, which
 * must leave nothing under /opt/velos and no /usr/bin/velos. It changes the machine, so it runs as
 * root only (as CI does), and is skipped, saying why, without root or dpkg, or when a velos package
 * is already installed (it is not this test's to remove). Tagged "dist": only {@code make dist-test}.
 */
@Tag("dist")
class DebPackageEndToEndTest {
    private static final List<String> SYSTEM_FILES = List.of("/usr/share/man/man1/velos.1.gz",
            "/usr/share/bash-completion/completions/velos", "/usr/share/zsh/vendor-completions/_velos",
            "/usr/share/fish/vendor_completions.d/velos.fish", "/usr/lib/systemd/system/velos-daemon@.service");

    @TempDir
    Path dir;

    @Test
    void installsUnderOptRunsAsVelosOnPathAndRemovesCleanly() throws Exception {
        skipUnless((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0, "dpkg -i needs root (CI runs as root)");
        skipUnless(Shell.run(List.of("dpkg", "--version")).exit() == 0, "no dpkg on this machine");
        skipUnless(!Shell.run(List.of("dpkg-query", "-W", "-f=${Status}", "velos")).out().contains("ok installed"),
                "a velos package is installed already");
        Path deb = ReleaseVelos.debianPackage();

        VelosCli.Result installed = Shell.run(List.of("dpkg", "-i", deb.toString()));
        try {
            assertThat(installed.exit()).as("dpkg -i: %s", installed).isZero();
            assertThat(Files.readSymbolicLink(Path.of("/usr/bin/velos"))).isEqualTo(Path.of("/opt/velos/bin/velos"));
            usedAsVelosOnPath();
            assertThat(Shell.run(List.of("man", "-w", "velos")).out().strip()).isEqualTo("/usr/share/man/man1/velos.1.gz");
            for (String file : SYSTEM_FILES) {
                assertThat(Path.of(file)).as(file).isNotEmptyFile();
            }
            theUnitTemplateIsTheUnitStartupWrites();
        } finally {
            VelosCli.Result removed = Shell.run(List.of("dpkg", "-r", "velos"));
            assertThat(removed.exit()).as("dpkg -r: %s", removed).isZero();
        }
        assertThat(Path.of("/opt/velos")).doesNotExist();
        assertThat(Files.exists(Path.of("/usr/bin/velos"), LinkOption.NOFOLLOW_LINKS)).as("/usr/bin/velos").isFalse();
        for (String file : SYSTEM_FILES) {
            assertThat(Path.of(file)).as(file).doesNotExist();
        }
        // dpkg -r keeps a package with maintainer scripts as "config-files" until it is purged: leave the machine as found.
        VelosCli.Result purged = Shell.run(List.of("dpkg", "--purge", "velos"));
        assertThat(purged.exit()).as("dpkg --purge: %s", purged).isZero();
    }

    /** start, list, logs and kill as a user types them: {@code velos}, found on PATH=/usr/bin:/bin. */
    private void usedAsVelosOnPath() throws IOException {
        Path app = VelosCli.script(dir, "ticker.sh", "i=0; while :; do i=$((i+1)); echo \"tick $i\"; sleep 0.2; done");
        try (ReleaseVelos velos = new ReleaseVelos(Path.of("velos"), dir)) {
            VelosCli.Result version = onPath(velos, "--version", "--verbose");
            assertThat(version.out()).contains("bundled runtime at /opt/velos/runtime")
                    .contains("AOT cache: used (/opt/velos/lib/velos-cli.aot)");
            assertThat(onPath(velos, "start", app.toString(), "--name", "ticker").exit()).isZero();
            assertThat(onPath(velos, "list").out()).contains("ticker").contains("running");
            await().atMost(Duration.ofSeconds(30)).until(() -> onPath(velos, "logs", "ticker", "--raw").out().contains("tick 3"));
            long daemon = velos.daemonPid().orElseThrow();
            assertThat(ReleaseVelos.executable(daemon)).isEqualTo(Path.of("/opt/velos/runtime/bin/java"));
            assertThat(onPath(velos, "kill").exit()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(daemon).isEmpty());
        }
    }

    /** {@code sh -c 'velos "$@"'}: the shell finds velos on the environment's PATH, as in a terminal. */
    private static VelosCli.Result onPath(ReleaseVelos velos, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("/bin/sh", "-c", "velos \"$@\"", "velos"));
        argv.addAll(List.of(args));
        VelosCli.Result r = ReleaseVelos.exec(velos.process(argv), Duration.ofSeconds(120));
        assertThat(r.exit()).as("velos %s: %s", String.join(" ", args), r).isZero();
        return r;
    }

    /**
     * The template is what {@code velos startup systemd --system} writes for a user, with the user
     * as {@code %i}: every other setting the same, HOME and VELOS_HOME left to systemd's User= (the
     * same values), and systemd accepts an instance of it.
     */
    private void theUnitTemplateIsTheUnitStartupWrites() throws IOException {
        String template = Files.readString(Path.of("/usr/lib/systemd/system/velos-daemon@.service"));
        VelosCli.Result dryRun;
        try (ReleaseVelos velos = new ReleaseVelos(Path.of("velos"), dir)) {
            dryRun = onPath(velos, "startup", "systemd", "--system", "--dry-run");
        }
        Set<String> written = settings(dryRun.out());
        Set<String> templated = settings(template);
        Set<String> userSpecific = written.stream().filter(l -> l.startsWith("User=") || l.startsWith("Environment=HOME=")
                || l.startsWith("Environment=VELOS_HOME=") || l.startsWith("Description=")).collect(Collectors.toSet());
        assertThat(templated).contains("User=%i", "Description=Velos Process Manager for %i",
                "ExecStart=/opt/velos/bin/velos daemon --resurrect", "Environment=JAVA_HOME=/opt/velos/runtime");
        assertThat(templated.stream().filter(l -> !l.equals("User=%i") && !l.startsWith("Description=")))
                .containsExactlyInAnyOrderElementsOf(written.stream().filter(l -> !userSpecific.contains(l)).toList());
        // systemd-analyze verify checks an instance (not the template itself); skipped where there is no systemd-analyze.
        if (Shell.run(List.of("systemd-analyze", "--version")).exit() == 0) {
            Path instance = dir.resolve("velos-daemon@root.service");
            Files.writeString(instance, template);
            VelosCli.Result verify = Shell.run(List.of("systemd-analyze", "verify", instance.toString()));
            assertThat(verify.err()).as("%s", verify).doesNotContain("velos-daemon@root.service:");
        }
    }

    /** The unit's section headers and settings, without comments and blank lines. */
    private static Set<String> settings(String unit) {
        return unit.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("DebPackageEndToEndTest skipped: " + reason);
        }
        assumeThat(condition).as(reason).isTrue();
    }
}
