// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.velos.ipc.RuntimePaths;
import dev.velos.mcp.DaemonAccess;
import dev.velos.mcp.StdioMcpServer;
import dev.velos.mcp.StdioOptions;

/**
 * Test helper: the stdio MCP server with {@code --scope <s>} and {@code --apps <a,b>} (repeatable)
 * taken exactly as {@code velos mcp-server} is to take them once the CLI wires the flags to
 * {@link StdioOptions#parse}: until then the stdio scope tests start this main in a child JVM on
 * the test class path. The runtime directory and socket come from {@code VELOS_HOME}, as the
 * CLI's do; a daemon is started through {@code VELOS_LAUNCHER} (bin/velos) when none runs.
 */
public final class ScopedStdioServer {
    private ScopedStdioServer() {
    }

    public static void main(String[] args) {
        String scope = "";
        List<String> apps = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--scope" -> scope = args[i + 1];
                case "--apps" -> apps.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path home = RuntimePaths.home();
        Path socket = RuntimePaths.socket();
        DaemonAccess daemon = new DaemonAccess(socket, Duration.ofSeconds(30),
                () -> dev.velos.daemon.DaemonLauncher.startDetached(home, socket, Duration.ofSeconds(10)));
        System.exit(StdioMcpServer.run(daemon, Path.of("").toAbsolutePath(), StdioOptions.parse(scope, apps, home)));
    }

    /** The command line that runs this main with {@code options}. */
    static List<String> command(String... options) {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                ScopedStdioServer.class.getName()));
        command.addAll(List.of(options));
        return command;
    }
}
