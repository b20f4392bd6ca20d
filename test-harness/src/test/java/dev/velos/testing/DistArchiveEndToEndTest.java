// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive of {@code make dist} (issue 24), unpacked into a temporary directory and run
 * the way a machine without a JDK runs it ({@link ReleaseVelos}: PATH=/usr/bin:/bin, no JAVA_HOME):
 * the everyday commands, the long-running ones (api, metrics, mcp-server, monit) on the bundled
 * runtime, its AOT caches after the tree moved, and the runtime's module list against jdeps.
 * Tagged "dist": only {@code make dist-test} runs it, after {@code make dist}.
 */
@Tag("dist")
class DistArchiveEndToEndTest {
    private static final Pattern LISTENING = Pattern.compile("[Ll]istening on http://[^:/]+:(\\d+)");

    @TempDir
    static Path unpacked;
    static Path tree;

    @TempDir
    Path dir;

    @BeforeAll
    static void unpack() throws IOException {
        tree = ReleaseVelos.unpack(ReleaseVelos.archive(), unpacked);
    }

    @Test
    void unpackedAnywhereItStartsListsLogsAndKillsOnItsOwnRuntime() throws Exception {
        Path app = VelosCli.script(dir, "ticker.sh", "i=0; while :; do i=$((i+1)); echo \"tick $i\"; sleep 0.2; done");
        try (ReleaseVelos velos = new ReleaseVelos(tree.resolve("bin/velos"), dir)) {
            List<String> version = velos.ok("--version", "--verbose").out().lines().toList();
            assertThat(version).hasSize(3);
            // Not the machine's java (/usr/bin/java is on PATH here, and JDKs are in /usr/lib/jvm): the release's own.
            assertThat(version.get(1)).startsWith("Java 25").endsWith("bundled runtime at " + tree.resolve("runtime"));
            assertThat(version.get(2)).isEqualTo("AOT cache: used (" + tree.resolve("lib/velos-cli.aot") + ")");

            velos.ok("start", app.toString(), "--name", "ticker");
            assertThat(velos.ok("list").out()).contains("ticker").contains("running");
            await().atMost(Duration.ofSeconds(30)).until(() -> velos.ok("logs", "ticker", "--raw").out().contains("tick 3"));

            // The daemon the CLI started runs on the bundled runtime too, from its own AOT cache.
            long daemon = velos.daemonPid().orElseThrow();
            assertThat(ReleaseVelos.executable(daemon)).isEqualTo(tree.resolve("runtime/bin/java").toRealPath());
            assertThat(ReleaseVelos.mappedFiles(daemon)).contains(tree.resolve("lib/velos-daemon.aot").toString());
            long appPid = velos.ok("list", "--json").json().get(0).get("pid").asLong();

            assertThat(velos.ok("kill").exit()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(daemon).isEmpty() && ProcessHandle.of(appPid).isEmpty());
            assertThat(velos.home.resolve("velos.sock")).doesNotExist();
        }
    }

    @Test
    void theBundledRuntimeWinsOverJavaHome() throws IOException {
        // A real JDK 25 (the one running this test) and a broken one: neither is what the release runs on.
        for (String javaHome : List.of(System.getProperty("java.home"), "/nonexistent/jdk")) {
            try (ReleaseVelos velos = new ReleaseVelos(tree.resolve("bin/velos"), dir).env("JAVA_HOME", javaHome)) {
                assertThat(velos.ok("--version", "--verbose").out()).as("JAVA_HOME=%s", javaHome)
                        .contains("bundled runtime at " + tree.resolve("runtime"));
            }
        }
    }

    @Test
    void movedElsewhereItStillUsesItsAotCachesAndSaysWhenItCannot() throws IOException {
        // A longer path than the one it was unpacked in: the JDK relocates the caches' class path.
        Path moved = dir.resolve("somewhere/much/deeper/than/before");
        Files.createDirectories(moved.getParent());
        VelosCli.Result cp = Shell.run(List.of("cp", "-a", tree.toString(), moved.toString()));
        assertThat(cp.exit()).as("%s", cp).isZero();
        try (ReleaseVelos velos = new ReleaseVelos(moved.resolve("bin/velos"), dir)) {
            assertThat(velos.ok("--version", "--verbose").out())
                    .contains("bundled runtime at " + moved.resolve("runtime"))
                    .contains("AOT cache: used (" + moved.resolve("lib/velos-cli.aot") + ")");
            assertThat(velos.env("VELOS_AOT", "off").ok("--version", "--verbose").out()).contains("AOT cache: not used (VELOS_AOT=off)");
        }
        // A cache that is newer than the jar but not a cache of this runtime: the JVM maps nothing, and says so only here.
        Path cache = moved.resolve("lib/velos-cli.aot");
        Files.writeString(cache, "not an AOT cache");
        Files.setLastModifiedTime(cache, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        try (ReleaseVelos velos = new ReleaseVelos(moved.resolve("bin/velos"), dir)) {
            VelosCli.Result r = velos.ok("--version", "--verbose");
            assertThat(r.out()).contains("AOT cache: not used: the JVM rejected " + cache);
            assertThat(r.err()).isEmpty();
        }
    }

    /**
     * The runtime holds the modules {@code jdeps --print-module-deps} finds in the jar (with the flags
     * packaging/runtime-modules gives it), plus packaging/extra-modules, plus what those require: nothing
     * more, nothing less.
     */
    @Test
    void theRuntimeHoldsExactlyTheModulesJdepsFindsAndWhatTheyRequire() throws IOException {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "--print-module-deps", "--ignore-missing-deps",
                "--multi-release", "25", tree.resolve("lib/velos.jar").toString());
        assertThat(exit).as("jdeps: %s", err).isZero();
        Set<String> roots = new TreeSet<>(Arrays.asList(out.toString().strip().split(",")));
        roots.addAll(Files.readAllLines(VelosCli.REPO.resolve("packaging/extra-modules")).stream()
                .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList());
        Set<String> expected = Configuration.empty().resolve(ModuleFinder.ofSystem(), ModuleFinder.of(), roots).modules()
                .stream().map(ResolvedModule::name).collect(Collectors.toCollection(TreeSet::new));

        VelosCli.Result listed = ReleaseVelos.exec(new ProcessBuilder(tree.resolve("runtime/bin/java").toString(), "--list-modules"),
                Duration.ofSeconds(60));
        Set<String> actual = listed.out().lines().map(l -> l.replaceAll("@.*", "").strip()).filter(l -> !l.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        System.out.println("jdeps: " + roots + "\nruntime: " + actual);
        assertThat(actual).isEqualTo(expected).contains("java.base", "jdk.unsupported", "java.net.http");
    }

    @Test
    void theApiServerWithDashboardWebSocketAndMetricsRunsOnTheBundledRuntime() throws Exception {
        try (ReleaseVelos velos = new ReleaseVelos(tree.resolve("bin/velos"), dir)) {
            velos.ok("start", VelosCli.script(dir, "idle.sh", "exec sleep 600").toString(), "--name", "idle");
            Process api = velos.start("api", "-p", "0");
            try {
                StringBuffer output = new StringBuffer();
                int port = listeningPort(api, output);
                String base = "http://127.0.0.1:" + port;
                String token = Files.readString(velos.home.resolve("api.token")).strip();
                Http.Reply processes = Http.get(base + "/api/processes", "Authorization", "Bearer " + token);
                assertThat(processes.status()).as("%s\n%s", processes.body(), output).isEqualTo(200);
                assertThat(processes.body()).contains("\"idle\"");
                assertThat(Http.get(base + "/", "Authorization", "Bearer " + token).status()).isEqualTo(200);
                assertThat(Http.get(base + "/metrics", "Authorization", "Bearer " + token).body()).contains("velos_");
                CompletableFuture<String> firstFrame = new CompletableFuture<>();
                WebSocket ws = Http.CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                firstFrame.complete(data.toString());
                                return null;
                            }
                        }).get(30, TimeUnit.SECONDS);
                velos.ok("restart", "idle");
                assertThat(firstFrame.get(30, TimeUnit.SECONDS)).isNotEmpty();
                ws.abort();
                assertThat(output.toString()).doesNotContain("Exception", "NoClassDefFoundError");
            } finally {
                stop(api);
            }
            Process metrics = velos.start("metrics", "-p", "0");
            try {
                int port = listeningPort(metrics, new StringBuffer());
                assertThat(Http.get("http://127.0.0.1:" + port + "/metrics").body()).contains("velos_");
            } finally {
                stop(metrics);
            }
        }
    }

    @Test
    void theMcpServerAnswersOverStdioAndHttpOnTheBundledRuntime() throws Exception {
        try (ReleaseVelos velos = new ReleaseVelos(tree.resolve("bin/velos"), dir)) {
            velos.ok("start", VelosCli.script(dir, "idle.sh", "exec sleep 600").toString(), "--name", "idle");
            Process mcp = velos.start("mcp-server");
            try (BufferedReader replies = new BufferedReader(new InputStreamReader(mcp.getInputStream(), StandardCharsets.UTF_8))) {
                OutputStream requests = mcp.getOutputStream();
                send(requests, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"dist-test\",\"version\":\"1\"}}}");
                assertThat(reply(replies, "\"id\":1")).contains("\"serverInfo\"");
                send(requests, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
                send(requests, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"process_list\",\"arguments\":{}}}");
                assertThat(reply(replies, "\"id\":2")).contains("idle").doesNotContain("\"isError\":true");
            } finally {
                stop(mcp);
            }
            Process http = velos.start("mcp-server", "--port", "0");
            try {
                int port = listeningPort(http, new StringBuffer());
                Http.Reply unauthorized = Http.postJson("http://127.0.0.1:" + port + "/mcp", "{}");
                assertThat(unauthorized.status()).isEqualTo(401);
            } finally {
                stop(http);
            }
        }
    }

    /** monit in a real terminal (script(1) gives it a pty): JLine's FFM terminal on the bundled runtime. */
    @Test
    void monitDrawsInATerminalAndQuitsOnTheBundledRuntime() throws Exception {
        try (ReleaseVelos velos = new ReleaseVelos(tree.resolve("bin/velos"), dir)) {
            velos.ok("start", VelosCli.script(dir, "idle.sh", "exec sleep 600").toString(), "--name", "idle");
            velos.env("TERM", "xterm-256color");
            Process monit = velos.process(List.of("script", "-qefc", velos.command + " monit", "/dev/null"))
                    .redirectErrorStream(true).start();
            StringBuffer screen = new StringBuffer();
            pump(monit, screen, null);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> screen.toString().contains("Velos Monitor"));
                assertThat(screen.toString()).contains("idle");
                send(monit.getOutputStream(), "q");
                assertThat(monit.waitFor(30, TimeUnit.SECONDS)).as("monit quits on q:\n%s", screen).isTrue();
                assertThat(monit.exitValue()).as("%s", screen).isZero();
            } finally {
                monit.destroyForcibly();
            }
        }
    }

    @Test
    void theManPageAndTheCompletionsAreInTheTree() throws IOException {
        assertThat(Files.readString(tree.resolve("share/man/man1/velos.1"))).startsWith(".\\\" Generated from the velos command model")
                .contains(".SH NAME");
        try (ReleaseVelos velos = new ReleaseVelos(tree.resolve("bin/velos"), dir)) {
            assertThat(tree.resolve("share/bash-completion/completions/velos")).hasContent(velos.ok("completions", "bash").out());
            assertThat(tree.resolve("share/zsh/site-functions/_velos")).hasContent(velos.ok("completions", "zsh").out());
            assertThat(tree.resolve("share/fish/vendor_completions.d/velos.fish")).hasContent(velos.ok("completions", "fish").out());
        }
        assertThat(tree.resolve("install.sh")).hasSameBinaryContentAs(VelosCli.REPO.resolve("install.sh")).isExecutable();
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line holding {@code marker} (notifications and log lines in between are skipped). */
    private static String reply(BufferedReader in, String marker) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.contains(marker)) {
                return line;
            }
        }
        throw new AssertionError("the MCP server closed its output before a reply with " + marker);
    }

    /** The port of a server's "listening on http://host:port" line; its output keeps going to {@code output}. */
    private static int listeningPort(Process server, StringBuffer output) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        pump(server, output, port);
        server.onExit().thenRun(() -> port.completeExceptionally(new AssertionError("exited before listening:\n" + output)));
        return port.get(60, TimeUnit.SECONDS);
    }

    /** Copies what {@code p} prints into {@code output} as it comes (a TUI draws without newlines); completes {@code port} on "listening on". */
    private static void pump(Process p, StringBuffer output, CompletableFuture<Integer> port) {
        Thread.ofVirtual().start(() -> {
            try (InputStreamReader r = new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
                char[] chunk = new char[8192];
                for (int n = r.read(chunk); n >= 0; n = r.read(chunk)) {
                    output.append(chunk, 0, n);
                    Matcher m = LISTENING.matcher(output);
                    if (port != null && m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException gone) {
                // the process ended; what it printed is in output
            }
        });
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
