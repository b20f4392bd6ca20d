// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty itself answers (a malformed request line, a failure before a route ran) as
 * {@code {"error": "<reason>"}} like every other error, never as an HTML page with exception text.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        String reason = HttpStatus.getMessage(status);
        HttpJson.send(response, callback, status, HttpJson.object().put("error", reason == null ? "error " + status
                : reason.toLowerCase(java.util.Locale.ROOT)));
        return true;
    }
}
