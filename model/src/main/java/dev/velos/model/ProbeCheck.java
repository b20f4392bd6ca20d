// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** What one health-probe attempt does: an HTTP GET, a TCP connect, or a command. */
public sealed interface ProbeCheck {
    /** No probe configured. */
    None NONE = new None();

    /** The short kind word ({@code http}, {@code tcp}, {@code exec}, {@code none}). */
    String kind();

    /** A readable form for {@code info} ({@code http://127.0.0.1:8080/health}, {@code tcp 127.0.0.1:5432}). */
    String describe();

    /** No probe. */
    record None() implements ProbeCheck {
        @Override
        public String kind() {
            return "none";
        }

        @Override
        public String describe() {
            return "";
        }
    }

    /**
     * {@code http = "http://127.0.0.1:8080/health"}: a GET passes with a status 200-399, or exactly
     * {@code expectStatus} when that is not 0.
     */
    record Http(URI url, int expectStatus) implements ProbeCheck {
        public Http {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "http probe needs an http:// or https:// URL with a host, got '"
                        + url + "'");
            }
            if (expectStatus != 0 && (expectStatus < 100 || expectStatus > 599)) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "expect_status must be 100-599, got " + expectStatus);
            }
        }

        public static Http of(String url) {
            try {
                return new Http(URI.create(url.trim()), 0);
            } catch (IllegalArgumentException e) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "invalid http probe URL '" + url + "': " + e.getMessage());
            }
        }

        /** Whether {@code status} counts as healthy. */
        public boolean accepts(int status) {
            return expectStatus == 0 ? status >= 200 && status <= 399 : status == expectStatus;
        }

        @Override
        public String kind() {
            return "http";
        }

        @Override
        public String describe() {
            return url.toString();
        }
    }

    /** {@code tcp = "127.0.0.1:5432"}: passes when a TCP connection is accepted. */
    record Tcp(String host, int port) implements ProbeCheck {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isBlank() || port < 1 || port > 65535) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "tcp probe needs host:port with a port 1-65535, got '"
                        + host + ":" + port + "'");
            }
        }

        /** Parses {@code host:port}, {@code [::1]:port} or {@code :port} (= 127.0.0.1). */
        public static Tcp parse(String text) {
            String t = text.trim();
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "tcp probe needs host:port, got '" + text + "'");
            }
            String host = t.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "tcp probe needs a numeric port, got '" + text + "'");
            }
            return new Tcp(host.isEmpty() ? "127.0.0.1" : host, port);
        }

        @Override
        public String kind() {
            return "tcp";
        }

        @Override
        public String describe() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** {@code exec = ["pg_isready", "-h", "localhost"]}: passes when the command exits 0 within the timeout. */
    record Exec(List<String> command) implements ProbeCheck {
        public Exec {
            command = List.copyOf(command);
            if (command.isEmpty() || command.getFirst().isBlank()) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "exec probe needs a command");
            }
        }

        @Override
        public String kind() {
            return "exec";
        }

        @Override
        public String describe() {
            return String.join(" ", command);
        }
    }
}
