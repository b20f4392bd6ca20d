// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where the supervisor's network work runs — HTTP and TCP probes, webhooks: a virtual thread per
 * task (a blocked connect or read parks it, never a carrier and never the event loop) and one
 * shared {@link HttpClient}. Both are made on first use, so a supervisor whose apps have no
 * probes or hooks starts neither. Thread-safe.
 */
final class OffLoop implements AutoCloseable {
    private ExecutorService threads;
    private HttpClient http;

    synchronized ExecutorService threads() {
        if (threads == null) {
            threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("velos-offloop-", 0).factory());
        }
        return threads;
    }

    /** No connect may take longer, whatever the request's own timeout (which bounds the whole exchange). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The shared client; redirects are not followed (a probe judges the first answer, a webhook
     * posts once). Each request sets its own timeout.
     */
    synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                    .executor(threads()).build();
        }
        return http;
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.shutdownNow();
        }
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
