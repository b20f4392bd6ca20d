// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;

/**
 * {@code GET /metrics}: the Prometheus text format 0.0.4 by default, OpenMetrics 1.0 when the
 * scraper's {@code Accept} asks for {@code application/openmetrics-text}.
 */
final class MetricsHandler {
    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    private final StateCache state;

    MetricsHandler(StateCache state) {
        this.state = state;
    }

    void handle(Request request, Response response, Callback callback) throws IOException {
        ExpositionFormatWriter writer = FORMATS.findWriter(request.getHeaders().get(HttpHeader.ACCEPT));
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        writer.write(body, PrometheusMetrics.collect(state.get()));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
        response.write(true, ByteBuffer.wrap(body.toByteArray()), callback);
    }
}
