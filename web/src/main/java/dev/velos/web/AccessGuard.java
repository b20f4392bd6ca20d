// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * DESIGN §4 in front of every route: CORS headers only for the one {@code --cors-origin}, and
 * with {@code --token} a bearer token on every request, {@code /ws} included (there it may also
 * come as a {@code Sec-WebSocket-Protocol} value, since browsers cannot set headers on a
 * WebSocket; never in the query string, which ends up in logs). Tokens are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, so the time taken says nothing about the secret.
 */
final class AccessGuard extends Handler.Wrapper {
    private final Optional<byte[]> tokenDigest;
    private final Optional<String> corsOrigin;

    AccessGuard(Optional<String> token, Optional<String> corsOrigin, Handler next) {
        super(next);
        this.tokenDigest = token.filter(t -> !t.isBlank()).map(AccessGuard::digest);
        this.corsOrigin = corsOrigin.filter(o -> !o.isBlank());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        boolean crossOriginAllowed = origin != null && corsOrigin.isPresent() && corsOrigin.get().equals(origin);
        if (crossOriginAllowed) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.getHeaders().put(HttpHeader.VARY, "Origin");
            if (request.getMethod().equals("OPTIONS")
                    && request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD) != null) {
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, DELETE, OPTIONS");
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
                response.setStatus(204);
                callback.succeeded();
                return true;
            }
        }
        if (tokenDigest.isPresent() && !authorized(request)) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            HttpJson.error(response, callback, new ApiError(401, "unauthorized: invalid or missing api token"));
            return true;
        }
        return super.handle(request, response, callback);
    }

    private boolean authorized(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && matches(header.substring(7).strip())) {
            return true;
        }
        if (Request.getPathInContext(request).equals("/ws")) {
            for (String value : request.getHeaders().getCSV(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL, false)) {
                if (matches(value.strip())) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean matches(String candidate) {
        return MessageDigest.isEqual(digest(candidate), tokenDigest.orElseThrow());
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
