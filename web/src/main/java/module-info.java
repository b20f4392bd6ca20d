// SPDX-License-Identifier: Apache-2.0
/**
 * The HTTP surfaces over {@link dev.velos.ipc.VelosClient}: the Prometheus endpoint
 * ({@code velos metrics}), the REST API, WebSocket, web dashboard and OpenAPI document
 * ({@code velos api}, Jetty 12 on virtual threads), and OpenTelemetry OTLP/HTTP export.
 */
module dev.velos.web {
    requires dev.velos.model;
    requires dev.velos.ipc;
    requires dev.velos.config;
    requires com.fasterxml.jackson.databind;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.websocket.server;
    requires org.eclipse.jetty.websocket.api;
    requires io.prometheus.metrics.model;
    requires io.prometheus.writer.text;
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires io.opentelemetry.sdk;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.sdk.metrics;
    requires io.opentelemetry.sdk.logs;
    requires io.opentelemetry.exporter.otlp;
    requires java.logging;

    exports dev.velos.web;
}
