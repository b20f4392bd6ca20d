// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded HTTP load client for 127.0.0.1 only: a few threads each open a new connection per
 * request ({@code GET /}, HTTP/1.0), so every request also checks that the listening socket
 * accepts; every failure (refused, reset, timed out, not a 200) is recorded. It stops by itself
 * after {@code maxSeconds} or {@code maxRequests}, whichever comes first.
 */
final class HttpLoad implements AutoCloseable {
    private final int port;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final long deadlineNanos;
    private final long maxRequests;

    HttpLoad(int port, int concurrency, int maxSeconds, long maxRequests) {
        this.port = port;
        this.deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        this.maxRequests = maxRequests;
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofPlatform().name("http-load-" + i).daemon(true).start(this::run));
        }
    }

    private void run() {
        while (running.get() && System.nanoTime() < deadlineNanos && ok.get() + failures.size() < maxRequests) {
            try (Socket socket = new Socket()) {
                socket.setSoTimeout(10_000);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.getOutputStream().write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                if (!response.startsWith("HTTP/1.0 200")) {
                    throw new IOException("not a 200: '" + response + "'");
                }
                ok.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                failures.add(e.toString());
            }
        }
    }

    long ok() {
        return ok.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(20));
        }
    }
}
