// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.io.Console;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import dev.velos.ipc.ApiToken;

/**
 * The dashboard's address as {@code velos api} prints it. The login link carries the token in
 * the URL's fragment ({@code #token=…}), which browsers never send to a server, so it reaches no
 * access log or proxy; the page moves it to {@code sessionStorage} and removes it from the address
 * bar. The link is printed only to a terminal (like Jupyter's): where stdout is a file or a pipe
 * it would end up in a log, so there the user is told where the token is instead.
 *
 * @param host the address the server is bound to
 */
record DashboardLink(String host, int port) {

    /** The page without a token. A wildcard bind is reached on loopback from this machine. */
    String page() {
        String h = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "::1";
            default -> host;
        };
        return "http://" + ObservabilityServer.hostForUrl(h) + ":" + port + "/";
    }

    /** The login link; the token is percent-encoded (a chosen token may hold {@code &} or {@code #}). */
    String withToken(ApiToken token) {
        return page() + "#token=" + URLEncoder.encode(token.value(), StandardCharsets.UTF_8);
    }

    /** Whether this process talks to a terminal on stdin and stdout (a person, not a log file). */
    static boolean onTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
