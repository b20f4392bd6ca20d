// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14.6: what an app prints, and what a user (or an agent) put in its script path and
 * arguments, must not drive the terminal of whoever reads it. Every command runs under a real
 * pseudo-terminal ({@code script} from util-linux), and the assertions are on the raw bytes the
 * terminal received: no ESC, no C1 (U+0080–U+009F), no DEL, no bidi override from the app, and no
 * carriage return except the pty's own before each newline — while the escaped forms
 * ({@code \x1b[2J}, {@code \r}, {@code \u009b}) are there to read. Without a terminal (a pipe),
 * the text stays what the app wrote.
 */
class TerminalInjectionEndToEndTest extends EndToEndTest {
    /**
     * Printed by the app as octal escapes: a C1 CSI (UTF-8 and a raw byte), DEL, a right-to-left
     * override, clear screen, a title (OSC 0), a clipboard write (OSC 52), a bare CR that would
     * overwrite the [LEVEL|out|…] prefix, a red colour, and an isolate.
     */
    private static final String HOSTILE_PRINTF = "c1\\302\\233 raw\\233 del\\177 bidi\\342\\200\\256 clear\\033[2J"
            + " title\\033]0;pwned\\007 clip\\033]52;c;ZXZpbA==\\007 over\\rERROR fake \\033[31mred\\033[0m iso\\342\\201\\247 end\\n";
    private static final Duration PTY_WAIT = Duration.ofSeconds(60);

    private Path evil;

    @BeforeEach
    void needsScript() throws IOException {
        assumeThat(Shell.run(List.of("script", "--version")).exit()).as("util-linux script is installed").isZero();
        // A script path and an argument with escapes of their own: names are restricted, paths are not.
        evil = apps.resolve("evil\u001b]0;path\u0007\u009b.sh");
        Files.writeString(evil, "#!/bin/sh\nwhile true; do printf '" + HOSTILE_PRINTF + "'; sleep 1; done\n");
        Files.setPosixFilePermissions(evil, PosixFilePermissions.fromString("rwxr-xr-x"));
        velos.ok("start", evil.toString(), "--name", "evil", "--", "--arg\u001b[2J\u202e");
        await().atMost(PTY_WAIT).until(() -> velos.run("logs", "evil", "--raw").out().contains("end"));
    }

    @Test
    void logsFormattedRawSummaryAndDedupeShowTheEscapesEscaped() {
        for (List<String> args : List.of(List.of("logs", "evil"), List.of("logs", "evil", "--raw"), List.of("logs"),
                List.of("logs", "evil", "--dedupe"), List.of("logs", "evil", "--json"))) {
            String shown = assertNothingInterpretable(pty(Map.of(), args), args);
            if (!args.contains("--json")) {
                assertThat(shown).as("velos %s", args).contains("\\x1b[2J", "\\x1b]52;c;ZXZpbA==\\x07", "\\u009b", "\\x7f",
                        "\\u202e", "\\rERROR fake");
            }
        }
        String formatted = assertNothingInterpretable(pty(Map.of(), List.of("logs", "evil")), List.of("logs"));
        assertThat(formatted).containsPattern("\\[[A-Z]+\\|out\\|[0-9:]{8}\\] c1\\\\u009b raw");
    }

    @Test
    void followShowsNewLinesEscapedToo() {
        List<String> args = List.of("logs", "evil", "-f", "-l", "1");
        String shown = assertNothingInterpretable(pty(Map.of(), List.of("timeout", "--foreground", "-s", "INT", "-k", "3", "8"), args), args);
        assertThat(shown.split("\\\\x1b\\]52;", -1).length).as("at least two lines followed").isGreaterThanOrEqualTo(3);
    }

    @Test
    void listAndInfoEscapeTheScriptPathAndArguments() {
        assertNothingInterpretable(pty(Map.of(), List.of("list")), List.of("list"));
        String info = assertNothingInterpretable(pty(Map.of(), List.of("info", "evil")), List.of("info"));
        assertThat(info).contains("evil\\x1b]0;path\\x07\\u009b.sh", "--arg\\x1b[2J\\u202e");
    }

    @Test
    void withColourOnlyVelosOwnColoursAreSentAndRawColorAddsTheAppsColoursOnly() {
        Map<String, String> colour = Map.of("NO_COLOR", "", "TERM", "xterm-256color");
        String plain = decode(pty(colour, List.of("logs", "evil")));
        assertThat(plain).as("velos colours its prefixes on a terminal").containsPattern("\u001b\\[3[0-9]m\\[[A-Z]+\\|out\\|");
        assertNothingInterpretable(stripSgr(plain), List.of("logs, colour on"));
        assertThat(plain).contains("\\x1b[31mred\\x1b[0m");

        String appColours = decode(pty(colour, List.of("logs", "evil", "--raw-color")));
        assertThat(appColours).contains("fake \u001b[31mred\u001b[0m iso");
        assertNothingInterpretable(stripSgr(appColours), List.of("logs --raw-color"));
        assertThat(appColours).contains("\\x1b[2J", "\\x1b]52;", "\\u009b");
    }

    @Test
    void withoutATerminalTheTextIsWhatTheAppWrote() {
        String raw = velos.ok("logs", "evil", "--raw").out();
        assertThat(raw).contains("clear\u001b[2J title\u001b]0;pwned\u0007", "over\rERROR", "c1\u009b", "bidi\u202e");
        assertThat(velos.ok("info", "evil").out()).contains("evil\u001b]0;path\u0007\u009b.sh");
        // JSON escapes all of it and decodes to the same text.
        assertThat(velos.ok("logs", "evil", "--json").json().get(0).get("message").asText()).contains("clear\u001b[2J", "c1\u009b");
    }

    @Test
    void monitDrawsTheAppsLogLineEscaped() {
        // monit runs until it has drawn the line (or a minute on a crowded machine), then is interrupted.
        String drawn = decode(withoutCutTail(pty(Map.of("TERM", "xterm-256color"), List.of("sh", "-c",
                "stty cols 160 rows 40; exec timeout --foreground -s INT -k 3 60 \"$0\" monit", VelosCli.LAUNCHER.toString()), List.of(),
                List.of("Velos Monitor", "[OUT] c1\\u009b raw"))));
        assertThat(drawn).contains("Velos Monitor", "[OUT] c1\\u009b raw");
        // monit draws with its own cursor and colour sequences, but never an OSC, a C1, DEL or a bidi override.
        assertThat(drawn).doesNotContain("\u001b]");
        assertThat(drawn.codePoints()).noneMatch(cp -> cp == 0x7f || cp >= 0x80 && cp <= 0x9f || cp >= 0x202a && cp <= 0x202e
                || cp >= 0x2066 && cp <= 0x2069);
    }

    // ---- the pseudo-terminal -------------------------------------------------------------

    private byte[] pty(Map<String, String> env, List<String> velosArgs) {
        return pty(env, List.of(), velosArgs);
    }

    private byte[] pty(Map<String, String> env, List<String> prefix, List<String> velosArgs) {
        return pty(env, prefix, velosArgs, List.of());
    }

    /** Runs {@code prefix velos velosArgs} (or {@code prefix} alone when there are no velos args) under {@code script}: the bytes the terminal got. */
    private byte[] pty(Map<String, String> env, List<String> prefix, List<String> velosArgs, List<String> until) {
        List<String> words = new ArrayList<>(prefix);
        if (!velosArgs.isEmpty()) {
            words.add(VelosCli.LAUNCHER.toString());
            words.addAll(velosArgs);
        }
        StringBuilder command = new StringBuilder();
        words.forEach(w -> command.append(command.isEmpty() ? "" : " ").append(shellQuote(w)));
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", command.toString(), "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // script runs the command through $SHELL; pin it to the shell CI has (dash, which does not
        // exec a lone command, so the program is not the session leader). timeout then needs
        // --foreground: without it, it moves the program into a background process group, where
        // monit's tcsetattr stops it with SIGTTOU and it never draws.
        Map<String, String> environment = new HashMap<>(Map.of("VELOS_HOME", velos.home.toString(), "NO_COLOR", "1",
                "TERM", "xterm", "SHELL", "/bin/sh"));
        environment.putAll(env);
        pb.environment().remove("VELOS_SOCKET");
        pb.environment().putAll(environment);
        try {
            Process p = pb.start();
            byte[] out = until.isEmpty() ? p.getInputStream().readAllBytes() : readUntil(p, until);
            if (!p.waitFor(PTY_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish");
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run script", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The terminal's bytes until they hold every one of {@code until}, then the rest once
     * {@code script} is told to stop (SIGTERM, passed on to the program): a program that runs
     * until interrupted is stopped as soon as it has shown what is looked for, not after a fixed
     * time that a loaded machine may need more of.
     */
    private static byte[] readUntil(Process p, List<String> until) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.InputStream in = p.getInputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            out.write(chunk, 0, n);
            String sofar = out.toString(StandardCharsets.UTF_8);
            if (until.stream().allMatch(sofar::contains)) {
                p.toHandle().destroy(); // the handle's destroy leaves the pipe open for the rest
                in.transferTo(out);
                break;
            }
        }
        return out.toByteArray();
    }

    /**
     * {@code bytes} without an incomplete UTF-8 sequence at the very end: {@code script}, stopped
     * while monit is still drawing, may stop relaying anywhere, even inside a box-drawing
     * character. Only the last character can be cut that way; anything invalid before it still
     * fails {@link #decode}.
     */
    private static byte[] withoutCutTail(byte[] bytes) {
        for (int back = 1; back <= Math.min(3, bytes.length); back++) {
            int b = bytes[bytes.length - back] & 0xff;
            if (b < 0x80) {
                return bytes; // ends with ASCII: nothing cut
            }
            if (b >= 0xc0) { // the lead byte of the last sequence: complete if it needs no more than is there
                int needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                return needs > back ? java.util.Arrays.copyOf(bytes, bytes.length - back) : bytes;
            }
        }
        return bytes;
    }

    private static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The terminal's bytes, which must be valid UTF-8 (a stray byte could be read as an 8-bit control). */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("the terminal got bytes that are not UTF-8", e);
        }
    }

    private static String stripSgr(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    private static String assertNothingInterpretable(byte[] bytes, List<String> what) {
        return assertNothingInterpretable(decode(bytes), what);
    }

    /**
     * No ESC, no C0 but newline, tab and the CR the pty puts before each newline, no DEL, no C1,
     * no bidi embedding/override/isolate: nothing the terminal would act on. Returns the text.
     */
    private static String assertNothingInterpretable(String shown, List<String> what) {
        assertThat(shown).as("velos %s printed something", what).isNotBlank();
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            boolean crlf = c == '\r' && i + 1 < shown.length() && shown.charAt(i + 1) == '\n';
            boolean control = c < 0x20 && c != '\n' && c != '\t' && !crlf || c >= 0x7f && c <= 0x9f
                    || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
            if (control) {
                int from = Math.max(0, i - 40);
                throw new AssertionError("velos " + what + " sent U+" + String.format("%04X", (int) c) + " to the terminal after: "
                        + shown.substring(from, i).replace("\u001b", "<ESC>"));
            }
        }
        return shown;
    }
}
