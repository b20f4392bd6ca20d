// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;

import dev.velos.ipc.AuditLog;
import dev.velos.ipc.Grant;

/**
 * {@code velos mcp-server}: line-delimited JSON-RPC on stdin/stdout until stdin ends. Only the
 * protocol reaches stdout: {@code System.out} is pointed at stderr for the whole run, so a stray
 * print anywhere (a library, a debug line) cannot corrupt the stream. The session's scope and
 * apps come from {@link StdioOptions}; its actor in the audit trail is the user ({@code uid:<n>}).
 */
public final class StdioMcpServer {
    /** How long answers to requests still running when stdin ends may take. */
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(60);

    private StdioMcpServer() {
    }

    /** Serves with {@link StdioOptions#defaults()} (the {@code operate} scope on every app). */
    public static int run(DaemonAccess daemon, Path cwd) {
        return run(daemon, cwd, StdioOptions.defaults());
    }

    /** Serves until the client closes stdin and every request read has been answered; returns the exit code. */
    public static int run(DaemonAccess daemon, Path cwd, StdioOptions options) {
        VelosMcpServer.quietLibraries();
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        RequestTally tally = new RequestTally(VelosMcpServer.json(), ANSWER_LIMIT);
        SessionAccess access = SessionAccess.stdio(Grant.local(options.scope(), options.apps()),
                AuditLog.in(options.home()));
        // One client per stdio server: the version the tally saw negotiated is every call's.
        ToolAdapter tools = new ToolAdapter(VelosMcpServer.json(), exchange -> tally.negotiatedVersion(), access);
        VelosMcpServer server = VelosMcpServer.on(new StdioServerTransportProvider(VelosMcpServer.json(),
                tally.watchInput(new FileInputStream(FileDescriptor.in)), tally.watchOutput(stdout)),
                new VelosMcpServer.Parts(tools, daemon, cwd, access));
        try {
            tally.awaitEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.closeGracefully();
        }
        return 0;
    }
}
