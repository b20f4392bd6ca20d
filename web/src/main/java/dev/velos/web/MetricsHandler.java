// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;

/**
 * {@code GET /metrics}: the Prometheus text format 0.0.4 by default, OpenMetrics 1.0 when the
 * scraper's {@code Accept} asks for {@code application/openmetrics-text}. The body is rendered
 * once per state and format (see {@link RenderedBody}), so scrapes cost little beyond the copy.
 */
final class MetricsHandler {
    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    private final StateCache state;
    private final Map<String, RenderedBody> bodies = new ConcurrentHashMap<>();

    MetricsHandler(StateCache state) {
        this.state = state;
    }

    void handle(Request request, Response response, Callback callback) {
        ExpositionFormatWriter writer = FORMATS.findWriter(request.getHeaders().get(HttpHeader.ACCEPT));
        RenderedBody body = bodies.computeIfAbsent(writer.getContentType(), type -> new RenderedBody(s -> render(writer, s)));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
        response.write(true, body.of(state.get()), callback);
    }

    private static byte[] render(ExpositionFormatWriter writer, DaemonState s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            writer.write(out, PrometheusMetrics.collect(s));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render metrics into memory", e);
        }
        return out.toByteArray();
    }
}
