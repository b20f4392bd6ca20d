// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.velos.cli.ServicePlan.Step;

/**
 * The service definitions of REFERENCE §6.7, each running {@code velos daemon --resurrect} so
 * the apps of the last session come back at boot. The daemon stops its apps gracefully itself on
 * SIGTERM, so systemd signals only the main process and waits longer than any kill timeout.
 */
final class ServiceFiles {
    static final String UNIT = "velos-daemon";
    static final String LAUNCHD_LABEL = "com.velos.daemon";

    private ServiceFiles() {
    }

    /** Where each init system's file goes for these settings ({@code env} gives XDG_CONFIG_HOME). */
    static ServicePlan plan(InitSystem init, ServiceSettings s, Map<String, String> env) {
        return switch (init) {
            case SYSTEMD -> systemd(s, env);
            case LAUNCHD -> launchd(s);
            case OPENRC -> openrc(s);
        };
    }

    private static ServicePlan systemd(ServiceSettings s, Map<String, String> env) {
        Path dir;
        if (s.system()) {
            dir = Path.of("/etc/systemd/system");
        } else {
            String xdg = env.get("XDG_CONFIG_HOME");
            dir = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : s.userHome().resolve(".config")).resolve("systemd/user");
        }
        List<String> ctl = s.system() ? List.of("systemctl") : List.of("systemctl", "--user");
        return new ServicePlan(InitSystem.SYSTEMD, dir.resolve(UNIT + ".service"), systemdUnit(s), false,
                List.of(step(ctl, "daemon-reload"), step(ctl, "enable", "--now", UNIT)),
                List.of(step(ctl, "disable", "--now", UNIT)),
                List.of(step(ctl, "daemon-reload")));
    }

    private static Step step(List<String> prefix, String... args) {
        List<String> argv = new java.util.ArrayList<>(prefix);
        argv.addAll(List.of(args));
        return new Step(List.copyOf(argv), false, List.of());
    }

    /**
     * How often systemd wants to hear from the daemon: its event loop sends {@code WATCHDOG=1}
     * (systemd passes the interval in {@code WATCHDOG_USEC}; sd_watchdog_enabled(3) advises
     * sending at half of it), so a loop that died or hangs gets the daemon killed and restarted
     * (Restart=on-failure) instead of a daemon that answers ping while supervising nothing
     * (issue 14.9). 30 s: long enough that a loaded machine never trips it.
     */
    static final int WATCHDOG_SECONDS = 30;

    /**
     * The systemd unit: Type=notify (the daemon sends READY=1 once its socket listens), the
     * watchdog fed from the event loop, and {@code systemctl reload} as SIGHUP, on which the daemon
     * reopens every log file (what logrotate's postrotate expects). The apps outlive the daemon's
     * process (issue 20, docs/HANDOVER.md): {@code KillMode=process}, so neither a crash nor the exit
     * of a daemon that handed over kills them (the next daemon adopts them), and
     * {@code NotifyAccess=all}, so the successor of {@code velos daemon restart} can announce itself
     * with {@code MAINPID=}; the daemon strips systemd's variables from every app's environment, so
     * no app can reach the unit's notify socket.
     */
    static String systemdUnit(ServiceSettings s) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Written by 'velos startup'; remove with 'velos unstartup'.\n")
                .append("[Unit]\n")
                .append("Description=Velos Process Manager\n")
                .append("After=network.target\n\n")
                .append("[Service]\n")
                .append("Type=notify\n")
                .append("# READY=1 and WATCHDOG=1 come from the daemon itself (its event loop), never from an app (velos\n")
                .append("# keeps NOTIFY_SOCKET from them); 'all' lets the new daemon of 'velos daemon restart' send MAINPID=.\n")
                .append("NotifyAccess=all\n")
                .append("WatchdogSec=").append(WATCHDOG_SECONDS).append("s\n");
        if (s.system()) {
            sb.append("User=").append(s.user()).append('\n');
            sb.append("Environment=").append(systemdQuote("HOME=" + s.userHome())).append('\n');
        } else {
            sb.append("Environment=HOME=%h\n");
        }
        sb.append("Environment=").append(systemdQuote("VELOS_HOME=" + s.velosHome())).append('\n')
                .append("Environment=").append(systemdQuote("JAVA_HOME=" + s.javaHome())).append('\n')
                .append("ExecStart=").append(systemdQuote(s.launcher().toString())).append(" daemon --resurrect\n")
                .append("ExecReload=/bin/kill -HUP $MAINPID\n")
                .append("# Signals go to the daemon only: on stop it stops every app itself (kill_timeout, then SIGKILL);\n")
                .append("# when it crashes or hands over to a new daemon, the apps keep running and the next daemon adopts them.\n")
                .append("KillMode=process\n")
                .append("Restart=on-failure\n")
                .append("RestartSec=5\n")
                .append("TimeoutStartSec=90\n")
                .append("TimeoutStopSec=").append(s.stopTimeoutSeconds()).append('\n')
                .append("LimitNOFILE=65536\n\n")
                .append("[Install]\n")
                .append("WantedBy=").append(s.system() ? "multi-user.target" : "default.target").append('\n');
        return sb.toString();
    }

    /** A word systemd reads whole: quoted (with \ and " escaped) when it has spaces, quotes or backslashes; % doubled. */
    static String systemdQuote(String word) {
        String escaped = word.replace("%", "%%");
        if (escaped.chars().noneMatch(c -> c == ' ' || c == '"' || c == '\\' || c == '\'')) {
            return escaped;
        }
        return "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static ServicePlan launchd(ServiceSettings s) {
        Path plist = s.userHome().resolve("Library/LaunchAgents").resolve(LAUNCHD_LABEL + ".plist");
        String domain = "gui/" + s.uid();
        return new ServicePlan(InitSystem.LAUNCHD, plist, launchdPlist(s), false,
                List.of(Step.optional("launchctl", "bootout", domain + "/" + LAUNCHD_LABEL),
                        Step.of("launchctl", "bootstrap", domain, plist.toString()).orElse("launchctl", "load", "-w", plist.toString())),
                List.of(Step.optional("launchctl", "bootout", domain + "/" + LAUNCHD_LABEL),
                        Step.optional("launchctl", "unload", plist.toString())),
                List.of());
    }

    static String launchdPlist(ServiceSettings s) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <!-- Written by 'velos startup'; remove with 'velos unstartup'. -->
                <plist version="1.0">
                <dict>
                    <key>Label</key>
                    <string>%s</string>
                    <key>ProgramArguments</key>
                    <array>
                        <string>%s</string>
                        <string>daemon</string>
                        <string>--resurrect</string>
                    </array>
                    <key>EnvironmentVariables</key>
                    <dict>
                        <key>VELOS_HOME</key>
                        <string>%s</string>
                        <key>JAVA_HOME</key>
                        <string>%s</string>
                    </dict>
                    <key>RunAtLoad</key>
                    <true/>
                    <key>KeepAlive</key>
                    <true/>
                    <key>StandardOutPath</key>
                    <string>/tmp/velos-daemon.stdout.log</string>
                    <key>StandardErrorPath</key>
                    <string>/tmp/velos-daemon.stderr.log</string>
                </dict>
                </plist>
                """.formatted(LAUNCHD_LABEL, xml(s.launcher().toString()), xml(s.velosHome().toString()),
                xml(s.javaHome().toString()));
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static ServicePlan openrc(ServiceSettings s) {
        return new ServicePlan(InitSystem.OPENRC, Path.of("/etc/init.d/velos"), openrcScript(s), true,
                List.of(Step.of("rc-update", "add", "velos", "default"), Step.of("rc-service", "velos", "start")),
                List.of(Step.optional("rc-service", "velos", "stop")),
                List.of(Step.optional("rc-update", "del", "velos", "default")));
    }

    static String openrcScript(ServiceSettings s) {
        return """
                #!/sbin/openrc-run
                # Written by 'velos startup'; remove with 'velos unstartup'.
                name="velos"
                description="Velos Process Manager"
                command=%s
                command_args="daemon --resurrect"
                command_user=%s
                command_background=true
                pidfile="/run/${RC_SVCNAME}.pid"
                retry="TERM/%d/KILL/5"
                export HOME=%s
                export VELOS_HOME=%s
                export JAVA_HOME=%s

                depend() {
                    need net
                    after firewall
                }
                """.formatted(sh(s.launcher().toString()), sh(s.user()), s.stopTimeoutSeconds(), sh(s.userHome().toString()),
                sh(s.velosHome().toString()), sh(s.javaHome().toString()));
    }

    /** Single-quoted for sh. */
    private static String sh(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
