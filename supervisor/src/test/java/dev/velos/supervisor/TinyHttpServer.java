// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * A real HTTP/1.1 server on 127.0.0.1 for probe and webhook tests: one virtual thread per
 * connection, every request recorded (request line and body), each answered with the status
 * {@code status} gives at that moment and no body. (The JDK's own server lives in a module the
 * supervisor's tests do not read.)
 */
final class TinyHttpServer implements AutoCloseable {
    /** One request as received. */
    record Request(String line, String body) {
    }

    private final ServerSocket socket;
    private final IntSupplier status;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    TinyHttpServer(IntSupplier status) throws IOException {
        this.status = status;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("tiny-http-accept").start(this::accept);
    }

    int port() {
        return socket.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                return;
            }
            int length = 0;
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            requests.add(new Request(line, new String(body, 0, read)));
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 " + status.getAsInt() + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | RuntimeException e) {
            // A client that went away; nothing to record.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
