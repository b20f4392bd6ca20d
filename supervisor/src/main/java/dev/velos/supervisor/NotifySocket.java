// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.velos.sys.Epoll;
import dev.velos.sys.Fd;
import dev.velos.sys.Fds;

/**
 * systemd's notification protocol for one child: a datagram socket at {@code NOTIFY_SOCKET}, one
 * per child so every datagram on it is that child's (no credential passing needed). Each datagram
 * is {@code KEY=VALUE} lines — {@code READY=1}, {@code STATUS=…}, {@code STOPPING=1} — so an app
 * written for systemd's Type=notify works unmodified. Loop thread only.
 */
final class NotifySocket {
    private static final int MAX_DATAGRAM = 4096;

    private final EventLoop loop;
    private final Fd fd;
    private final Path path;
    private final Consumer<Map<String, String>> onMessage;
    private final long token;
    /** The loop's shared read buffer (a datagram is at most {@value #MAX_DATAGRAM} bytes of it). */
    private final PipeReader.Buffer buffer;

    NotifySocket(EventLoop loop, Fd fd, Path path, PipeReader.Buffer buffer, Consumer<Map<String, String>> onMessage) {
        this.loop = loop;
        this.buffer = buffer;
        this.fd = fd;
        this.path = path;
        this.onMessage = onMessage;
        this.token = loop.register(fd.value(), Epoll.EPOLLIN, events -> drain());
    }

    private void drain() {
        while (fd.isOpen()) {
            int n = Fds.readNonBlocking(loop.callState(), fd.value(), buffer.bytes, 0, MAX_DATAGRAM);
            if (n <= 0) {
                return;
            }
            onMessage.accept(parse(new String(buffer.bytes, 0, n, StandardCharsets.UTF_8)));
        }
    }

    static Map<String, String> parse(String datagram) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : datagram.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return fields;
    }

    Fd fd() {
        return fd;
    }

    Path path() {
        return path;
    }

    /** Closes this process's copy and keeps the socket file: a successor holds the socket now. */
    void detach() {
        if (fd.isOpen()) {
            loop.deregister(token, fd.value());
            fd.close(loop.callState());
        }
    }

    void close() {
        if (fd.isOpen()) {
            loop.deregister(token, fd.value());
            fd.close(loop.callState());
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A stale socket file in the supervisor's private directory harms nothing.
        }
    }
}
