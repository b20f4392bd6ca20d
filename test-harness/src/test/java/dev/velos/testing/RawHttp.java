// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * HTTP as an attacker writes it, on a plain socket: any {@code Host} (the JDK client will not
 * send a forged one), and request bodies streamed chunk by chunk without a length, which the
 * server must stop reading at its limit. Also the RSS of a server process, to show it did.
 */
final class RawHttp {
    private RawHttp() {
    }

    /**
     * One request to 127.0.0.1:{@code port} with the given {@code Host}, extra header lines and
     * body; returns the whole answer (the request asks the server to close the connection).
     */
    static String send(int port, String method, String path, String host, String body, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!body.isEmpty()) {
            request.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = connect(port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The status code of an answer from {@link #send}; 0 when there was no answer at all. */
    static int status(String answer) {
        return answer.startsWith("HTTP/1.1 ") && answer.length() >= 12 ? Integer.parseInt(answer.substring(9, 12)) : 0;
    }

    /**
     * POSTs {@code total} bytes of JSON-looking filler in 64 KiB chunks of a chunked body, while
     * reading the answer; stops writing when the server answers or closes. Returns the status
     * code (0 if the server closed without answering) and how many bytes were written.
     */
    static Upload streamChunked(int port, String path, long total, String... headers) throws Exception {
        try (Socket socket = connect(port)) {
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nAccept: application/json, "
                    + "text/event-stream\r\nConnection: close\r\n");
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> readQuietly(socket));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '[';
            byte[] chunkHead = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            long written = 0;
            try {
                while (written < total && !answer.isDone()) {
                    out.write(chunkHead);
                    out.write(chunk);
                    out.write('\r');
                    out.write('\n');
                    written += chunk.length;
                }
                if (!answer.isDone()) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                // The server stopped reading and closed: what it answered before is what counts.
            }
            return new Upload(status(answer.get(60, TimeUnit.SECONDS)), written);
        }
    }

    /**
     * Sends a keep-alive request's head announcing a body of {@code length} bytes, and reads the
     * head of the answer the server gives before any of the body arrives, as a client that writes
     * headers and body separately (java.net.http) can see it.
     */
    static String answerHeadBeforeBody(int port, String method, String path, int length, String... headers)
            throws IOException {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Length: " + length + "\r\n");
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        try (Socket socket = connect(port)) {
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            int b;
            while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
                head.append((char) b);
            }
            return head.toString();
        }
    }

    /** What {@link #streamChunked} saw. */
    record Upload(int status, long bytesWritten) {
    }

    /** Resident memory of process {@code pid} in KiB, from {@code /proc}. */
    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmRSS for pid " + pid);
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(60_000);
        return socket;
    }

    private static String readQuietly(Socket socket) {
        StringBuilder seen = new StringBuilder();
        try {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            // Reset after the answer, or no answer at all: either way, what arrived is in seen.
        }
        return seen.toString();
    }
}
