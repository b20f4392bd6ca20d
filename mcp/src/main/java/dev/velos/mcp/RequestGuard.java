// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.velos.ipc.Grant;
import dev.velos.ipc.HttpAccess;
import dev.velos.ipc.TokenStore;

/**
 * Puts {@link HttpAccess} in front of every HTTP request before the MCP transport sees it: Host
 * and Origin against DNS rebinding, the bearer token (only {@code GET /health} goes without),
 * JSON bodies only, and no body over 1 MiB (a streamed one is read, bounded, by {@link BoundedBody}
 * first). A refusal is {@code {"error": …}} with its
 * status, plus {@code WWW-Authenticate: Bearer} on a 401.
 *
 * <p>A request that passes carries its caller's {@link Grant} (the server's own token: admin; a
 * named token: its scope and apps) as a request attribute, which the transport puts in the MCP
 * transport context; the session's grant is noted for notifications, and forgotten when the client
 * ends the session.
 */
final class RequestGuard implements Filter {
    static final String HEALTH = "/health";

    static final String SESSION_HEADER = "Mcp-Session-Id";

    private final HttpAccess access;
    private final SessionRegistry sessions;
    private final SessionAccess grants;

    RequestGuard(HttpAccess access, SessionRegistry sessions, SessionAccess grants) {
        this.access = access;
        this.sessions = sessions;
        this.grants = grants;
    }

    /** The rules of {@code options}: its token ({@code admin}), the named tokens of its runtime directory, Host and Origin. */
    static HttpAccess rules(HttpOptions options) {
        HttpAccess.Builder rules = HttpAccess.builder().token(options.token()).tokens(TokenStore.in(options.home()))
                .boundTo(options.host()).openForReading(HEALTH);
        options.allowedHosts().forEach(rules::allowHost);
        return rules.build();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        HttpAccess.Verdict verdict = access.decide(request.getMethod(), request.getRequestURI(),
                name -> Collections.list(request.getHeaders(name)));
        if (verdict instanceof HttpAccess.Refusal refusal) {
            refuse(response, refusal);
            return;
        }
        Grant grant = ((HttpAccess.Granted) verdict).grant();
        request.setAttribute(SessionAccess.GRANT_KEY, grant);
        String session = request.getHeader(SESSION_HEADER);
        if (session != null) {
            grants.seen(session, grant);
        }
        if (!BoundedBody.isStreamed(request)) {
            chain.doFilter(req, res);
        } else {
            Optional<HttpServletRequest> bounded = BoundedBody.read(request);
            if (bounded.isPresent()) {
                chain.doFilter(bounded.get(), res);
            } else {
                refuse(response, HttpAccess.bodyTooLarge());
                return;
            }
        }
        if (session != null && request.getMethod().equals("DELETE")) {
            sessions.ended(session);
        }
    }

    private static void refuse(HttpServletResponse response, HttpAccess.Refusal refusal) throws IOException {
        if (refusal.needsChallenge()) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setStatus(refusal.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(VelosMcpServer.json().writeValueAsString(Map.of("error", refusal.message())));
    }
}
