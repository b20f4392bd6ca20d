// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code velos startup} / {@code unstartup}: the dry runs print the unit and the commands; systemd accepts the unit. */
class StartupEndToEndTest extends EndToEndTest {
    private Path userHome;

    @BeforeEach
    void privateHome() throws IOException {
        userHome = Files.createDirectories(apps.resolve("home"));
        velos.env("HOME", userHome.toString()).env("XDG_CONFIG_HOME", "");
    }

    @Test
    void aSystemdDryRunPrintsANotifyUnitForTheDaemonWithResurrectAndTheCommandsAndWritesNothing() {
        VelosCli.Result r = velos.ok("startup", "systemd", "--user", "--dry-run");

        Path unit = userHome.resolve(".config/systemd/user/velos-daemon.service");
        assertThat(r.err()).startsWith("[velos] Dry run: nothing is written or started.\n")
                .contains("[velos] Would write " + unit + " ",
                        "  systemctl --user daemon-reload\n", "  systemctl --user enable --now velos-daemon\n");
        assertThat(r.out()).startsWith("# Written by 'velos startup'").contains("[Unit]\n", "Description=Velos Process Manager\n",
                "[Service]\n", "Type=notify\n", "WatchdogSec=30s\n",
                "ExecStart=" + VelosCli.LAUNCHER + " daemon --resurrect\n", "Restart=on-failure\n", "LimitNOFILE=65536\n",
                "Environment=VELOS_HOME=" + velos.home + "\n", "TimeoutStopSec=30\n", "WantedBy=default.target\n")
                .doesNotContain("[velos]", "-----", "systemctl");
        assertThat(unit).doesNotExist();
        assertThat(velos.socket()).as("a dry run starts no daemon").doesNotExist();
    }

    @Test
    void theStopTimeoutOutlastsTheLargestKillTimeoutOfTheRunningApps() {
        velos.ok("start", "sleep", "--name", "slow", "--kill-timeout", "90000", "--", "600");
        String unit = velos.ok("startup", "systemd", "--user", "--dry-run").out();
        assertThat(unit).contains("TimeoutStopSec=105\n");
    }

    /**
     * Issue 16.5: what a user types, {@code velos startup --dry-run > velos-daemon.service}, in a
     * real shell redirect, gives a file systemd accepts as it is.
     */
    @Test
    void systemdAnalyzeVerifyAcceptsTheRedirectedDryRun() throws IOException {
        assumeSystemdAnalyze();
        for (String scope : List.of("--user", "--system")) {
            Path file = Files.createDirectories(apps.resolve("units" + scope)).resolve("velos-daemon.service");
            VelosCli.Result redirected = Shell.run(List.of("env", "VELOS_HOME=" + velos.home, "HOME=" + userHome, "NO_COLOR=1",
                    "sh", "-c", "exec \"$0\" startup systemd " + scope + " --dry-run > \"$1\"", VelosCli.LAUNCHER.toString(),
                    file.toString()));
            assertThat(redirected.exit()).as(redirected.toString()).isZero();
            VelosCli.Result verified = Shell.run(List.of("systemd-analyze", "verify", file.toString()));
            assertThat(verified.exit()).as(verified.toString()).isZero();
            assertThat(verified.err()).doesNotContain("velos-daemon.service:");
            assertThat(redirected.err()).contains("[velos] Then run:");
        }
    }

    private static void assumeSystemdAnalyze() {
        org.assertj.core.api.Assumptions.assumeThat(Shell.run(List.of("systemd-analyze", "--version")).exit())
                .as("systemd-analyze is installed").isZero();
    }

    @Test
    void launchdAndOpenrcDryRunsNameTheirFilesAndCommands() {
        VelosCli.Result launchdRun = velos.ok("startup", "launchd", "--dry-run");
        assertThat(launchdRun.out()).startsWith("<?xml ");
        String launchd = launchdRun.out() + launchdRun.err();
        assertThat(launchd).contains(userHome.resolve("Library/LaunchAgents/com.velos.daemon.plist").toString(),
                "<string>daemon</string>", "<string>--resurrect</string>", "launchctl bootstrap gui/");
        VelosCli.Result openrcRun = velos.ok("startup", "openrc", "--dry-run");
        assertThat(openrcRun.out()).startsWith("#!/sbin/openrc-run\n");
        String openrc = openrcRun.out() + openrcRun.err();
        assertThat(openrc).contains("/etc/init.d/velos (mode 0755)", "#!/sbin/openrc-run", "rc-update add velos default",
                "rc-service velos start");
    }

    @Test
    void unstartupWithNothingInstalledSaysSoAndAnUnknownInitSystemIsAUsageError() {
        assertThat(velos.ok("unstartup", "systemd").out()).isEqualTo("[velos] No startup configuration found — nothing to remove\n");
        VelosCli.Result bad = velos.run("startup", "upstart");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown init system 'upstart'");
        assertThat(velos.run("startup", "--user", "--system", "--dry-run").exit()).isEqualTo(2);
    }

    @Test
    void unstartupDryRunFindsAnInstalledUserUnit() throws IOException {
        Path unit = userHome.resolve(".config/systemd/user/velos-daemon.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, velos.ok("startup", "systemd", "--user", "--dry-run").out());

        String plan = velos.ok("unstartup", "systemd", "--dry-run").out();

        assertThat(plan).contains("systemctl --user disable --now velos-daemon", "rm " + unit, "systemctl --user daemon-reload");
        assertThat(unit).exists();
    }

    @Test
    void whenTheInitCommandsFailItSaysSoExitsOneAndLeavesTheRunningDaemonAlone() {
        // Only where no systemd user manager answers (containers, CI): here the real commands must fail.
        org.assertj.core.api.Assumptions.assumeThat(Shell.run(List.of("systemctl", "--user", "show-environment")).exit())
                .as("no systemd user manager to enable a service in").isNotZero();
        velos.ok("start", "sleep", "--name", "keeper", "--", "600");
        long pid = velos.list().get("keeper").get("pid").asLong();

        VelosCli.Result r = velos.run("startup", "systemd", "--user");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        Path unit = userHome.resolve(".config/systemd/user/velos-daemon.service");
        assertThat(r.out()).contains("[velos] Systemd unit written to " + unit).doesNotContain("Daemon enabled and started");
        assertThat(r.err()).contains("[velos] 'systemctl --user daemon-reload' ", "start it by hand:",
                "  systemctl --user enable --now velos-daemon");
        assertThat(velos.list().get("keeper").get("pid").asLong()).isEqualTo(pid);
        VelosCli.Result removed = velos.run("unstartup", "systemd");
        assertThat(removed.exit()).isEqualTo(1);
        assertThat(removed.out()).isEqualTo("[velos] Removed " + unit + "\n");
        assertThat(removed.err()).contains("[velos] 'systemctl --user disable --now velos-daemon' ");
        assertThat(unit).doesNotExist();
    }
}
