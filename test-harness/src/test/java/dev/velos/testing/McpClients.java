// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;

/**
 * The official MCP Java SDK client on the two ways the end-to-end tests reach velos's MCP server:
 * {@code velos mcp-server} on stdio (with {@code --scope}/{@code --apps} as given) and Streamable
 * HTTP with a bearer token. {@code customize} adds consumers (logging, resource updates).
 */
final class McpClients {
    private McpClients() {
    }

    /** {@code velos mcp-server <args>} over stdio ({@code --scope admin}, {@code --apps api}...; the default scope: operate). */
    static McpSyncClient stdio(VelosCli velos, Consumer<McpClient.SyncSpec> customize, String... args) {
        List<String> all = new ArrayList<>(List.of("mcp-server"));
        all.addAll(List.of(args));
        ServerParameters params = ServerParameters.builder(VelosCli.LAUNCHER.toString()).args(all)
                .env(Map.of("VELOS_HOME", velos.home.toString(), "NO_COLOR", "1")).build();
        return build(new StdioClientTransport(params, McpJsonDefaults.getMapper()), customize);
    }

    /** Streamable HTTP at {@code baseUrl}/mcp with {@code token}. */
    static McpSyncClient http(String baseUrl, String token, Consumer<McpClient.SyncSpec> customize) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl).endpoint("/mcp")
                .requestBuilder(java.net.http.HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build();
        return build(transport, customize);
    }

    private static McpSyncClient build(McpClientTransport transport, Consumer<McpClient.SyncSpec> customize) {
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60));
        customize.accept(spec);
        return spec.build();
    }

    static Consumer<McpClient.SyncSpec> plain() {
        return spec -> { };
    }
}
