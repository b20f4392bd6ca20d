// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Checks every HTTP request before the MCP transport sees it. Against DNS rebinding (a web page
 * whose host name resolves to 127.0.0.1): on a loopback bind the {@code Host} header must name
 * this machine, and a browser's {@code Origin}, when sent, must be a loopback origin or the bound
 * host. With a token, {@code Authorization: Bearer <token>} is required, compared in constant time
 * (both sides hashed first, so not even the length leaks).
 */
final class RequestGuard implements Filter {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> allowedHosts;
    private final boolean checkHost;
    private final Optional<byte[]> tokenDigest;

    /** With {@code requireToken} false only Host and Origin are checked (the health probe). */
    RequestGuard(HttpOptions options, boolean requireToken) {
        this.allowedHosts = options.host().equals(HttpOptions.DEFAULT_HOST) ? LOOPBACK_NAMES
                : union(LOOPBACK_NAMES, options.host().toLowerCase(Locale.ROOT));
        this.checkHost = HttpOptions.isLoopback(options.host());
        this.tokenDigest = requireToken ? options.token().map(RequestGuard::digest) : Optional.empty();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (checkHost && !allowedHosts.contains(hostName(request.getHeader("Host")))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Host not allowed");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !allowedHosts.contains(hostName(originAuthority(origin)))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Origin not allowed");
            return;
        }
        if (tokenDigest.isPresent() && !authorized(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "missing or wrong bearer token");
            return;
        }
        chain.doFilter(req, res);
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest(header.substring(7).trim()), tokenDigest.orElseThrow());
    }

    /** {@code host[:port]} → lower-case host, keeping IPv6 brackets; "" when absent. */
    static String hostName(String authority) {
        if (authority == null) {
            return "";
        }
        String a = authority.trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            return close < 0 ? a : a.substring(0, close + 1);
        }
        int colon = a.indexOf(':');
        return colon < 0 ? a : a.substring(0, colon);
    }

    private static String originAuthority(String origin) {
        try {
            String authority = URI.create(origin.trim()).getRawAuthority();
            return authority == null ? "" : authority;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Set<String> union(Set<String> names, String extra) {
        java.util.Set<String> all = new java.util.HashSet<>(names);
        all.add(extra);
        return Set.copyOf(all);
    }
}
