// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Headers on every answer of {@code velos api}, refusals included. The dashboard shows text that
 * apps print (hostile input), so the page may run only its own scripts and styles from this
 * server (no inline code, no {@code eval}, nothing from elsewhere), talk only to this server,
 * never be framed (clickjacking of its buttons), and never send its address as a referrer. The
 * same policy on JSON answers costs nothing and keeps a browser from rendering one as a page.
 */
final class SecurityHeaders extends Handler.Wrapper {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    SecurityHeaders(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY"); // frame-ancestors for browsers without CSP level 2
        return super.handle(request, response, callback);
    }
}
