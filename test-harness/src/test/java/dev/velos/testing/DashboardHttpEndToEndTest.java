// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's HTTP side without a browser: which files are open, the security headers on
 * every answer, and the login link {@code velos api} prints — with the token in the fragment, on
 * a terminal only, never where output may end up in a log.
 */
class DashboardHttpEndToEndTest extends EndToEndTest {
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    private String token() throws IOException {
        return Files.readString(velos.home.resolve("api.token")).strip();
    }

    @Test
    void thePageAndItsFilesAreOpenTheDataIsNotAndEveryAnswerCarriesTheSecurityHeaders() throws Exception {
        velos.ok("list");
        try (ServerProcess api = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            Http.Reply page = Http.get(api.url("/"));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.body()).contains("<script type=\"module\" src=\"/assets/app.js\">");
            for (String asset : List.of("/assets/app.js", "/assets/client.js", "/assets/chart.js", "/assets/format.js",
                    "/assets/app.css", "/assets/icon.svg", "/openapi.json")) {
                assertThat(Http.get(api.url(asset)).status()).as(asset).isEqualTo(200);
            }
            assertThat(Http.get(api.url("/assets/app.js")).header("Content-Type")).startsWith("text/javascript");
            for (String data : List.of("/api/v1/processes", "/api/processes", "/api/v1/health", "/api/v1/logs/x/summary",
                    "/ws", "/metrics", "/assets/secret.txt", "/index.html")) {
                assertThat(Http.get(api.url(data)).status()).as(data).isEqualTo(401);
            }
            assertThat(Http.post(api.url("/"), "{}", "Content-Type", "application/json").status())
                    .as("open for reading only").isEqualTo(401);

            String auth = "Bearer " + token();
            for (Http.Reply r : List.of(page, Http.get(api.url("/api/v1/processes"), "Authorization", auth),
                    Http.get(api.url("/api/v1/processes")), Http.get(api.url("/nope"), "Authorization", auth))) {
                assertThat(r.header("Content-Security-Policy")).as(r.response().uri() + " " + r.status())
                        .isEqualTo("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
                assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
                assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            }
            assertThat(RawHttp.status(RawHttp.send(api.port, "GET", "/", "rebind.attacker.example", "")))
                    .as("the page obeys the Host rules too").isEqualTo(403);
        }
    }

    @Test
    void withoutATerminalTheOutputSaysWhereTheDashboardIsButNeverPrintsTheToken() throws Exception {
        velos.ok("list");
        try (ServerProcess api = ServerProcess.start(velos, Map.of(), "api", "-p", "0")) {
            assertThat(api.output("[velos-api] Dashboard at", "api.token"))
                    .contains("[velos-api] Dashboard at http://127.0.0.1:" + api.port + "/").contains("api.token").doesNotContain(token()).doesNotContain("#token=");
        }
    }

    @Test
    void onATerminalVelosApiPrintsALoginLinkWithTheTokenInTheFragment() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "util-linux 'script' is needed for a pseudo-terminal");
        velos.ok("list");
        Path transcript = home.resolve("tty.txt");
        // script(1) gives velos api a pseudo-terminal on stdin and stdout, as in an interactive shell.
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), "-qfec",
                VelosCli.LAUNCHER + " api -p 0", transcript.toString()).directory(VelosCli.REPO.toFile());
        pb.environment().put("VELOS_HOME", velos.home.toString());
        pb.environment().remove("VELOS_SOCKET");
        pb.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true);
        Process terminal = pb.start();
        try {
            Pattern link = Pattern.compile("Open the dashboard: (http://127\\.0\\.0\\.1:(\\d+)/#token=([0-9a-f]+))");
            await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(transcript)
                    && link.matcher(Files.readString(transcript, StandardCharsets.UTF_8)).find());
            String out = Files.readString(transcript, StandardCharsets.UTF_8);
            Matcher m = link.matcher(out);
            assertThat(m.find()).isTrue();
            assertThat(m.group(3)).isEqualTo(token());
            assertThat(out).doesNotContain("?token=");
            // The link works: the page it names is served, and the token in it opens the API.
            int port = Integer.parseInt(m.group(2));
            assertThat(Http.get("http://127.0.0.1:" + port + "/").status()).isEqualTo(200);
            assertThat(Http.get("http://127.0.0.1:" + port + "/api/v1/processes", "Authorization", "Bearer " + m.group(3))
                    .status()).isEqualTo(200);
        } finally {
            terminal.descendants().forEach(ProcessHandle::destroy);
            terminal.destroy();
            if (!terminal.waitFor(20, TimeUnit.SECONDS)) {
                terminal.descendants().forEach(ProcessHandle::destroyForcibly);
                terminal.destroyForcibly();
            }
        }
    }
}
