// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import dev.velos.ipc.Grant;
import dev.velos.ipc.HttpAccess;

/**
 * Puts {@link HttpAccess} in front of every route of {@code velos api} and {@code velos metrics},
 * {@code /ws} included (so a refused upgrade never becomes a WebSocket): a refusal is answered
 * here as {@code {"error": …}}, with {@code WWW-Authenticate: Bearer} on a 401. The configured
 * {@code --cors-origin} alone gets CORS headers, and its preflights are answered here. A request
 * that passes carries its caller's {@link Grant} ({@link #grantOf}) for the routes to check.
 */
final class AccessGuard extends Handler.Wrapper {
    private static final String GRANT = Grant.class.getName();

    private final HttpAccess access;

    AccessGuard(HttpAccess access, Handler next) {
        super(next);
        this.access = access;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        HttpAccess.Headers headers = name -> request.getHeaders().getValuesList(name);
        HttpAccess.Verdict verdict = access.decide(method, Request.getPathInContext(request), headers);
        if (verdict instanceof HttpAccess.Refusal refusal) {
            if (refusal.needsChallenge()) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            }
            HttpJson.error(request, response, callback, new ApiError(refusal.status(), refusal.message()));
            return true;
        }
        request.setAttribute(GRANT, ((HttpAccess.Granted) verdict).grant());
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && access.isCorsOrigin(origin)) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.getHeaders().put(HttpHeader.VARY, "Origin");
            if (access.isPreflight(method, headers)) {
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, DELETE, OPTIONS");
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS,
                        "Authorization, Content-Type, " + Audit.CLIENT_HEADER);
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
                response.setStatus(204);
                callback.succeeded();
                return true;
            }
        }
        return super.handle(request, response, callback);
    }

    /**
     * The grant the guard gave {@code request}. Every request passes the guard first, so a missing
     * one is a bug; it fails the request rather than guess a grant (fail closed).
     */
    static Grant grantOf(org.eclipse.jetty.server.Request request) {
        if (request.getAttribute(GRANT) instanceof Grant g) {
            return g;
        }
        throw new IllegalStateException("request " + request.getHttpURI().getPath() + " did not pass the access guard");
    }
}
