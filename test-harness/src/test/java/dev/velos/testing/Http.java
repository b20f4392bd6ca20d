// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small java.net.http client for the end-to-end tests of the HTTP surfaces. */
final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One answer: status, body, and the whole response for headers. */
    record Reply(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse("");
        }
    }

    private Http() {
    }

    static Reply get(String url, String... headers) {
        return send(request(url, headers).GET().build());
    }

    static Reply delete(String url, String... headers) {
        return send(request(url, headers).DELETE().build());
    }

    static Reply post(String url, String body, String... headers) {
        return send(request(url, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static Reply postJson(String url, String body) {
        return post(url, body, "Content-Type", "application/json");
    }

    static Reply method(String method, String url, String... headers) {
        return send(request(url, headers).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private static HttpRequest.Builder request(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
