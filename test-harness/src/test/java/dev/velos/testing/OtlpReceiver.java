// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/**
 * A minimal OTLP/HTTP collector for tests: {@code POST /v1/metrics} and {@code POST /v1/logs}
 * with protobuf bodies, decoded with the official OTLP protos and kept for assertions.
 */
final class OtlpReceiver implements AutoCloseable {
    final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
    final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/metrics", exchange -> receive(exchange, true));
        server.createContext("/v1/logs", exchange -> receive(exchange, false));
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void receive(HttpExchange exchange, boolean isMetrics) throws IOException {
        try (exchange) {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            InputStream in = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            byte[] body = in.readAllBytes();
            if (isMetrics) {
                metrics.add(ExportMetricsServiceRequest.parseFrom(body));
            } else {
                logs.add(ExportLogsServiceRequest.parseFrom(body));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
