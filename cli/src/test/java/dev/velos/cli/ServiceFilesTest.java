// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceFilesTest {
    private static ServiceSettings settings(String launcher, boolean system, long killTimeoutMs) {
        return new ServiceSettings(Path.of(launcher), Path.of("/home/ann/.velos"), Path.of("/home/ann"), "ann", 1000,
                Path.of("/opt/jdk-25"), system, killTimeoutMs);
    }

    @Test
    void theUserUnitIsANotifyServiceRunningTheDaemonWithResurrect() {
        ServicePlan plan = ServiceFiles.plan(InitSystem.SYSTEMD, settings("/usr/local/bin/velos", false, 5000), Map.of());

        assertThat(plan.file()).isEqualTo(Path.of("/home/ann/.config/systemd/user/velos-daemon.service"));
        assertThat(plan.content()).contains("Type=notify\n", "ExecStart=/usr/local/bin/velos daemon --resurrect\n",
                "Restart=on-failure\n", "LimitNOFILE=65536\n", "Environment=HOME=%h\n", "Environment=VELOS_HOME=/home/ann/.velos\n",
                "KillMode=process\n", "WantedBy=default.target\n").doesNotContain("User=");
        assertThat(plan.activate()).extracting(ServicePlan.Step::display)
                .containsExactly("systemctl --user daemon-reload", "systemctl --user enable --now velos-daemon");
        assertThat(plan.deactivate()).extracting(ServicePlan.Step::display).containsExactly("systemctl --user disable --now velos-daemon");
    }

    /** Issue 14.9: systemd restarts a daemon whose event loop stops feeding the watchdog; reload is SIGHUP (reopen logs). */
    @Test
    void theUnitHasAWatchdogFedByTheDaemonItselfAndReloadSendsSighup() {
        for (boolean system : new boolean[] {false, true}) {
            String unit = ServiceFiles.systemdUnit(settings("/bin/velos", system, 5000));
            assertThat(unit.lines().filter(l -> !l.startsWith("#")).toList()).containsSubsequence("[Service]", "Type=notify",
                    "NotifyAccess=all", "WatchdogSec=30s", "ExecStart=/bin/velos daemon --resurrect",
                    "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure");
            assertThat(unit.lines().filter(l -> l.startsWith("WatchdogSec=") || l.startsWith("NotifyAccess="))).hasSize(2);
        }
    }

    /**
     * Issue 20: a daemon crash or a hand-over must not take the apps with it. KillMode=mixed sent the
     * leftover processes SIGKILL when the daemon's process ended, and NotifyAccess=main refused the
     * successor's MAINPID=, so systemd would have counted a hand-over as the service exiting.
     */
    @Test
    void theAppsOutliveTheDaemonProcessAndTheSuccessorMayNameItselfTheMainPid() {
        for (boolean system : new boolean[] {false, true}) {
            String unit = ServiceFiles.systemdUnit(settings("/bin/velos", system, 5000));
            assertThat(unit.lines().filter(l -> l.startsWith("KillMode="))).containsExactly("KillMode=process");
            assertThat(unit.lines().filter(l -> l.startsWith("NotifyAccess="))).containsExactly("NotifyAccess=all");
        }
    }

    @Test
    void theStopTimeoutOutlastsTheLargestKillTimeout() {
        assertThat(ServiceFiles.systemdUnit(settings("/bin/velos", false, 5000))).contains("TimeoutStopSec=30\n");
        assertThat(ServiceFiles.systemdUnit(settings("/bin/velos", false, 120_500))).contains("TimeoutStopSec=136\n");
    }

    @Test
    void theSystemUnitRunsAsTheUserAndXdgConfigHomeMovesTheUserUnit() {
        ServicePlan system = ServiceFiles.plan(InitSystem.SYSTEMD, settings("/bin/velos", true, 0), Map.of());
        assertThat(system.file()).isEqualTo(Path.of("/etc/systemd/system/velos-daemon.service"));
        assertThat(system.content()).contains("User=ann\n", "Environment=HOME=/home/ann\n", "WantedBy=multi-user.target\n");
        assertThat(system.activate()).extracting(ServicePlan.Step::display).containsExactly("systemctl daemon-reload",
                "systemctl enable --now velos-daemon");

        ServicePlan xdg = ServiceFiles.plan(InitSystem.SYSTEMD, settings("/bin/velos", false, 0), Map.of("XDG_CONFIG_HOME", "/cfg"));
        assertThat(xdg.file()).isEqualTo(Path.of("/cfg/systemd/user/velos-daemon.service"));
    }

    @Test
    void aLauncherPathWithSpacesOrPercentIsQuotedForSystemd() {
        assertThat(ServiceFiles.systemdUnit(settings("/opt/my apps/velos 100%", false, 0)))
                .contains("ExecStart=\"/opt/my apps/velos 100%%\" daemon --resurrect\n");
    }

    @Test
    void launchdAndOpenrcFilesNameTheLauncherAndActivateAsTheReferenceSays() {
        ServicePlan launchd = ServiceFiles.plan(InitSystem.LAUNCHD, settings("/bin/velos", false, 0), Map.of());
        assertThat(launchd.file()).isEqualTo(Path.of("/home/ann/Library/LaunchAgents/com.velos.daemon.plist"));
        assertThat(launchd.content()).contains("<string>com.velos.daemon</string>", "<string>/bin/velos</string>",
                "<string>--resurrect</string>", "<key>KeepAlive</key>");
        assertThat(launchd.activate().get(1).display()).isEqualTo("launchctl bootstrap gui/1000 " + launchd.file());
        assertThat(launchd.activate().get(1).fallback()).containsExactly("launchctl", "load", "-w", launchd.file().toString());

        ServicePlan openrc = ServiceFiles.plan(InitSystem.OPENRC, settings("/bin/velos", true, 0), Map.of());
        assertThat(openrc.file()).isEqualTo(Path.of("/etc/init.d/velos"));
        assertThat(openrc.executable()).isTrue();
        assertThat(openrc.content()).startsWith("#!/sbin/openrc-run\n").contains("command='/bin/velos'",
                "command_args=\"daemon --resurrect\"", "pidfile=\"/run/${RC_SVCNAME}.pid\"", "need net", "after firewall");
    }

    @Test
    void detectionFollowsTheReferenceOrder() {
        assertThat(InitSystem.detect("Mac OS X", p -> false)).contains(InitSystem.LAUNCHD);
        assertThat(InitSystem.detect("Linux", Set.of(Path.of("/run/systemd/system"), Path.of("/sbin/openrc"))::contains))
                .contains(InitSystem.SYSTEMD);
        assertThat(InitSystem.detect("Linux", Set.of(Path.of("/sbin/openrc"))::contains)).contains(InitSystem.OPENRC);
        assertThat(InitSystem.detect("Linux", p -> false)).isEmpty();
    }
}
