// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code velos monit} in a real terminal: a tmux session of its own (own server socket), keys
 * sent with {@code send-keys}, the screen read with {@code capture-pane}.
 */
class MonitEndToEndTest extends EndToEndTest {
    private static final Duration SCREEN_WAIT = Duration.ofSeconds(60);
    private final String server = "velos-monit-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @BeforeEach
    void needsTmux() {
        assumeThat(run("tmux", "-V").exit()).as("tmux is installed").isZero();
    }

    @AfterEach
    void killTmux() {
        tmux("kill-server");
    }

    @Test
    void theDashboardShowsTheAppsMovesWithJkRestartsWithRAndQuitsRestoringTheTerminal() throws IOException {
        String ticker = script("ticker.sh", "i=0; while true; do i=$((i+1)); echo \"tick $i\"; sleep 1; done").toString();
        for (String name : List.of("api", "web", "worker")) {
            velos.ok("start", ticker, "--name", name);
        }
        // A shell in the pane: after monit quits, its prompt (and our marker) must be back on the normal screen.
        tmux("new-session", "-d", "-s", "monit", "-x", "160", "-y", "45", "sh");
        tmux("send-keys", "-t", "monit", "PS1='velos-test$ '; env VELOS_HOME=" + velos.home + " NO_COLOR=1 TERM=xterm-256color "
                + VelosCli.LAUNCHER + " monit; echo MONIT-EXITED-$?", "Enter");

        await().atMost(SCREEN_WAIT).until(() -> screen().contains("Velos Monitor | 3 procs"));
        await().atMost(SCREEN_WAIT).until(() -> selectedRow().contains("api") && screen().contains("Logs (api)"));
        await().atMost(SCREEN_WAIT).until(() -> screen().contains("[OUT] tick"));
        assertThat(screen()).contains("┌─ Processes ", "worker", "running", " CPU (api) ", " Memory (api) ", "q quit │");
        System.out.println("velos monit with three apps (tmux capture-pane):\n" + screen());

        tmux("send-keys", "-t", "monit", "j");
        await().atMost(SCREEN_WAIT).until(() -> selectedRow().contains("web"));
        tmux("send-keys", "-t", "monit", "j");
        await().atMost(SCREEN_WAIT).until(() -> selectedRow().contains("worker"));
        tmux("send-keys", "-t", "monit", "k");
        await().atMost(SCREEN_WAIT).until(() -> selectedRow().contains("web") && screen().contains("Logs (web)"));
        await().atMost(SCREEN_WAIT).until(() -> screen().contains("[OUT] tick"));

        long before = velos.list().get("web").get("pid").asLong();
        tmux("send-keys", "-t", "monit", "r");
        await().atMost(SCREEN_WAIT).until(() -> {
            long now = velos.list().get("web").get("pid").asLong();
            return now != before && now > 0;
        });
        long after = velos.list().get("web").get("pid").asLong();
        await().atMost(SCREEN_WAIT).until(() -> selectedRow().contains(String.valueOf(after)));
        assertThat(velos.list().get("api").get("restart_count").asInt()).isZero();

        // Resize-aware: a smaller window gets a frame of its size, footer on its last line.
        tmux("resize-window", "-t", "monit", "-x", "100", "-y", "30");
        await().atMost(SCREEN_WAIT).until(() -> {
            List<String> lines = screen().lines().toList();
            return lines.size() >= 30 && lines.get(29).startsWith(" q quit │") && lines.get(1).strip().length() == 100;
        });

        tmux("send-keys", "-t", "monit", "q");
        await().atMost(SCREEN_WAIT).until(() -> screen().contains("MONIT-EXITED-0"));
        assertThat(tmux("display-message", "-p", "-t", "monit", "#{alternate_on}").out().strip()).isEqualTo("0");
        assertThat(screen()).doesNotContain("Velos Monitor").contains("velos-test$");
    }

    @Test
    void theSignalPickerSendsARealSignalSeenInTheLivePaneAndDeleteAsksFirst() throws IOException {
        velos.ok("start", script("trapper.sh", "trap 'echo got-usr1' USR1\necho ready\nwhile true; do sleep 1; done").toString(),
                "--name", "trapper");
        tmux("new-session", "-d", "-s", "monit", "-x", "120", "-y", "35", "sh");
        tmux("send-keys", "-t", "monit", "env VELOS_HOME=" + velos.home + " TERM=xterm-256color " + VelosCli.LAUNCHER + " monit",
                "Enter");
        await().atMost(SCREEN_WAIT).until(() -> screen().contains("[OUT] ready"));
        long pid = velos.list().get("trapper").get("pid").asLong();

        tmux("send-keys", "-t", "monit", "K");
        await().atMost(SCREEN_WAIT).until(() -> screen().contains("▸ SIGTERM"));
        tmux("send-keys", "-t", "monit", "Down", "Down", "Down");
        await().atMost(SCREEN_WAIT).until(() -> screen().contains("▸ SIGUSR1"));
        tmux("send-keys", "-t", "monit", "Enter");

        // The app's reaction arrives through the follow stream in the log pane; the process lives on.
        await().atMost(SCREEN_WAIT).until(() -> screen().contains("[OUT] got-usr1"));
        assertThat(velos.list().get("trapper").get("pid").asLong()).isEqualTo(pid);

        tmux("send-keys", "-t", "monit", "d");
        await().atMost(SCREEN_WAIT).until(() -> screen().contains("Delete 'trapper'"));
        tmux("send-keys", "-t", "monit", "n");
        await().atMost(SCREEN_WAIT).until(() -> !screen().contains("Delete 'trapper'"));
        assertThat(velos.list()).containsKey("trapper");
        tmux("send-keys", "-t", "monit", "d");
        await().atMost(SCREEN_WAIT).until(() -> screen().contains("Delete 'trapper'"));
        tmux("send-keys", "-t", "monit", "y");
        await().atMost(SCREEN_WAIT).until(() -> !velos.list().containsKey("trapper"));
        await().atMost(SCREEN_WAIT).until(() -> screen().contains("No processes."));
        tmux("send-keys", "-t", "monit", "q");
    }

    @Test
    void ctrlCQuitsAndRestoresTheTerminalToo() throws IOException {
        velos.ok("start", script("idle.sh", "exec sleep 600").toString(), "--name", "idle");
        tmux("new-session", "-d", "-s", "monit", "-x", "100", "-y", "30", "sh");
        tmux("send-keys", "-t", "monit", "env VELOS_HOME=" + velos.home + " TERM=xterm-256color " + VelosCli.LAUNCHER
                + " monit; echo MONIT-EXITED-$?; stty -a | tr ';' '\\n' | grep -c -- ' -icanon'", "Enter");
        await().atMost(SCREEN_WAIT).until(() -> screen().contains("idle"));

        tmux("send-keys", "-t", "monit", "C-c");

        await().atMost(SCREEN_WAIT).until(() -> screen().contains("MONIT-EXITED-0"));
        assertThat(tmux("display-message", "-p", "-t", "monit", "#{alternate_on}").out().strip()).isEqualTo("0");
        // canonical mode is back: stty does not report -icanon
        await().atMost(SCREEN_WAIT).until(() -> screen().lines().anyMatch(l -> l.strip().equals("0")));
    }

    @Test
    void withoutATerminalItPrintsThePlainTable() {
        velos.ok("start", "sleep", "--name", "napper", "--", "600");
        VelosCli.Result r = velos.ok("monit", "--count", "2");
        assertThat(r.out()).contains("[velos] monit ", "napper", "running").doesNotContain("\u001b[?1049h");
        assertThat(r.out().split("\\[velos\\] monit ", -1)).hasSize(3);
    }

    private String screen() {
        return tmux("capture-pane", "-p", "-t", "monit").out();
    }

    private String selectedRow() {
        return screen().lines().filter(l -> l.contains("▸")).findFirst().orElse("");
    }

    private VelosCli.Result tmux(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", server));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    private static VelosCli.Result run(String... command) {
        return Shell.run(List.of(command));
    }
}
