// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A PM2 ecosystem file in JavaScript ({@code module.exports = {...}}, or {@code export default}
 * in a {@code .mjs}) is a program: the only faithful reader is Node itself. It runs in a
 * separate {@code node} process (found on PATH) that loads the file as PM2 would and prints the
 * exported object as JSON; velos's own process never runs the user's code. Only clients
 * (the CLI, the API and MCP servers) call this — never the daemon (DESIGN §3: it spawns only
 * through posix_spawn), so a {@link ProcessBuilder} is fine here.
 */
final class NodeEvaluator {
    /** Loads argv[1] (require, falling back to import() for ES modules) and prints its export as JSON. */
    private static final String LOADER = """
            const file = process.argv[1];
            const url = require('url').pathToFileURL(file).href;
            (async () => {
              let m;
              let esm = file.endsWith('.mjs');
              if (esm) {
                m = await import(url);
              } else {
                try { m = require(file); } catch (e) {
                  if (!e || (e.code !== 'ERR_REQUIRE_ESM' && e.code !== 'ERR_REQUIRE_ASYNC_MODULE')) { throw e; }
                  m = await import(url);
                  esm = true;
                }
              }
              if (esm && m && m.default !== undefined) { m = m.default; }
              process.stdout.write(JSON.stringify(m === undefined ? null : m));
            })().catch(e => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
            """;
    private static final long TIMEOUT_SECONDS = 20;

    private NodeEvaluator() {
    }

    /** The JSON text of what {@code file} exports; a {@link ConfigException} saying why not. */
    static String evaluate(Path file, Map<String, String> env) {
        Path node = find(env.getOrDefault("PATH", System.getenv("PATH"))).orElseThrow(() -> new ConfigException(file
                + ": a PM2 ecosystem file in JavaScript is read by running it with node, and there is no node on PATH."
                + " Install Node.js, or convert it once where node is: velos import pm2 " + file.getFileName()
                + " > velos.toml (or save the exported object as ecosystem.config.json)"));
        ProcessBuilder pb = new ProcessBuilder(node.toString(), "-e", LOADER, file.toAbsolutePath().toString())
                .directory(file.toAbsolutePath().getParent().toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot run " + node + " to read the file: " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ConfigException(file + ": node did not finish evaluating the file in " + TIMEOUT_SECONDS
                        + " s (does it start a server or wait for input?)");
            }
            if (p.exitValue() != 0) {
                List<String> lines = err.join().lines().limit(6).toList();
                throw new ConfigException(file + ": node could not evaluate the file:\n  " + String.join("\n  ", lines));
            }
            return out.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ConfigException(file + ": interrupted while node evaluated the file", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, Thread.ofVirtual()::start);
    }

    private static Optional<Path> find(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "node");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
