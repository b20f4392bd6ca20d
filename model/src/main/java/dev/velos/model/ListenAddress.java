// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One listening socket velos holds for an app ({@code listen}, issue 20) and passes to it by
 * systemd's socket-activation protocol ({@code LISTEN_FDS}, from fd 3):
 * <ul>
 *   <li>{@code tcp://0.0.0.0:8080}, {@code tcp://127.0.0.1:0}, {@code tcp://[::1]:8080}, {@code tcp://localhost:8080}
 *       (= 127.0.0.1): an IP literal, never a name to resolve (the socket is bound before any
 *       resolver could be trusted); port 0 lets the kernel pick one, kept across restarts;</li>
 *   <li>{@code unix:/run/app/app.sock}: an absolute path of at most 107 bytes.</li>
 * </ul>
 * An optional {@code #name} suffix names the fd in {@code LISTEN_FDNAMES} ({@code [A-Za-z0-9._-]},
 * as systemd's {@code FileDescriptorName=} allows no ':'); the default is {@code tcp-<port>} or
 * {@code unix-<file name>}.
 *
 * @param kind TCP or UNIX
 * @param host the IP literal, as written by {@link InetAddress#getHostAddress()} (TCP), else ""
 * @param port 0-65535 (TCP), else 0
 * @param path the socket's absolute path (UNIX), else ""
 * @param name the fd's name for {@code LISTEN_FDNAMES}
 */
public record ListenAddress(Kind kind, String host, int port, String path, String name) {
    /** The socket families velos can listen on. */
    public enum Kind { TCP, UNIX }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** sizeof(sun_path) less its terminating NUL. */
    private static final int MAX_UNIX_PATH_BYTES = 107;

    public ListenAddress {
        if (kind == null || host == null || path == null || name == null) {
            throw new NullPointerException("listen address fields must not be null");
        }
        if (!NAME.matcher(name).matches()) {
            throw invalid(kind + " " + host + path, "its name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    /** Parses one {@code listen} entry; a clear INVALID_ARGUMENT error says what is wrong. */
    public static ListenAddress parse(String text) {
        String address = text.strip();
        String name = "";
        int hash = address.lastIndexOf('#');
        if (hash >= 0) {
            name = address.substring(hash + 1);
            address = address.substring(0, hash);
            if (!NAME.matcher(name).matches()) {
                throw invalid(text, "the name after '#' must be 1-64 letters, digits, '.', '_' or '-'");
            }
        }
        String lower = address.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tcp://")) {
            return tcp(text, address.substring("tcp://".length()), name);
        }
        if (lower.startsWith("unix:")) {
            return unix(text, address.substring("unix:".length()), name);
        }
        throw invalid(text, "write tcp://HOST:PORT (e.g. tcp://0.0.0.0:8080, tcp://[::1]:8080) or unix:/absolute/path.sock");
    }

    private static ListenAddress tcp(String text, String hostPort, String name) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(text, "a port is missing: tcp://HOST:PORT");
        }
        String host = hostPort.substring(0, colon);
        int port = port(text, hostPort.substring(colon + 1));
        InetAddress address;
        try {
            if (host.startsWith("[") && host.endsWith("]")) {
                address = InetAddress.ofLiteral(host.substring(1, host.length() - 1));
                if (!(address instanceof Inet6Address)) {
                    throw invalid(text, "brackets are for IPv6 addresses only");
                }
            } else if (host.equalsIgnoreCase("localhost")) {
                address = InetAddress.ofLiteral("127.0.0.1");
            } else if (host.indexOf(':') >= 0) {
                throw invalid(text, "an IPv6 address goes in brackets: tcp://[" + host + "]:" + port);
            } else {
                address = InetAddress.ofLiteral(host);
            }
        } catch (IllegalArgumentException e) {
            throw invalid(text, "'" + host + "' is not an IP address (velos binds IP literals only, such as 0.0.0.0, "
                    + "127.0.0.1, [::] or [::1])");
        }
        return new ListenAddress(Kind.TCP, address.getHostAddress(), port, "", name.isEmpty() ? "tcp-" + port : name);
    }

    private static int port(String text, String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
            throw invalid(text, "the port must be a number from 0 to 65535");
        }
        int port = Integer.parseInt(digits);
        if (port > 65535) {
            throw invalid(text, "the port must be a number from 0 to 65535");
        }
        return port;
    }

    private static ListenAddress unix(String text, String path, String name) {
        if (!path.startsWith("/")) {
            throw invalid(text, "a unix socket needs an absolute path: unix:/path/app.sock");
        }
        if (path.indexOf('\0') >= 0 || path.endsWith("/")) {
            throw invalid(text, "the path must name a file");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_UNIX_PATH_BYTES) {
            throw invalid(text, "the path is longer than the " + MAX_UNIX_PATH_BYTES + " bytes a unix socket address holds");
        }
        String file = path.substring(path.lastIndexOf('/') + 1);
        String defaultName = "unix-" + file.replaceAll("[^A-Za-z0-9._-]", "_");
        return new ListenAddress(Kind.UNIX, "", 0, path, name.isEmpty() ? defaultName.substring(0, Math.min(64, defaultName.length()))
                : name);
    }

    /** The address without its name, in canonical form: {@code tcp://0.0.0.0:8080}, {@code tcp://[::1]:80}, {@code unix:/p}. */
    public String uri() {
        if (kind == Kind.UNIX) {
            return "unix:" + path;
        }
        return "tcp://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Whether this is the same socket address as {@code other}, whatever either is named. */
    public boolean sameAddress(ListenAddress other) {
        return uri().equals(other.uri());
    }

    /** The text {@link #parse} reads back into an equal value. */
    @Override
    public String toString() {
        return uri() + "#" + name;
    }

    private static VelosException invalid(String text, String why) {
        return new VelosException(ErrorCode.INVALID_ARGUMENT, "invalid listen address '" + text + "': " + why);
    }
}
