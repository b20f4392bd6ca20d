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

import dev.velos.ipc.HttpAccess;

/**
 * Puts {@link HttpAccess} in front of every HTTP request before the MCP transport sees it: Host
 * and Origin against DNS rebinding, the bearer token (only {@code GET /health} goes without),
 * JSON bodies only, and no body over 1 MiB (a streamed one is read, bounded, by {@link BoundedBody}
 * first). A refusal is {@code {"error": …}} with its
 * status, plus {@code WWW-Authenticate: Bearer} on a 401.
 */
final class RequestGuard implements Filter {
    static final String HEALTH = "/health";

    private final HttpAccess access;

    RequestGuard(HttpOptions options) {
        HttpAccess.Builder rules = HttpAccess.builder().token(options.token()).boundTo(options.host())
                .openForReading(HEALTH);
        options.allowedHosts().forEach(rules::allowHost);
        this.access = rules.build();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Optional<HttpAccess.Refusal> refusal = access.check(request.getMethod(), request.getRequestURI(),
                name -> Collections.list(request.getHeaders(name)));
        if (refusal.isPresent()) {
            refuse(response, refusal.get());
        } else if (!BoundedBody.isStreamed(request)) {
            chain.doFilter(req, res);
        } else {
            Optional<HttpServletRequest> bounded = BoundedBody.read(request);
            if (bounded.isPresent()) {
                chain.doFilter(bounded.get(), res);
            } else {
                refuse(response, HttpAccess.bodyTooLarge());
            }
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
