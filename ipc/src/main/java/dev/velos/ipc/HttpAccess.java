// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * Who may use one of velos's HTTP servers ({@code velos api}, {@code velos metrics},
 * {@code velos mcp-server --port}), decided from the request line and headers alone, before any
 * route runs or any body is read (DESIGN §4 "Network servers"). It knows no HTTP library: web's
 * Jetty handler and mcp's servlet filter hand it the method, the path and a header lookup, and
 * send what it refuses. The checks, in order:
 *
 * <ol>
 * <li><b>Host</b> (DNS rebinding: a page of {@code evil.example} whose name is re-pointed at
 * 127.0.0.1 reaches the server with {@code Host: evil.example}). Allowed: {@code localhost}, any
 * IP literal, the bound host name and every {@code --allowed-host}. Any IP literal is safe
 * because rebinding needs a DNS name the attacker controls; a browser that sends an IP literal
 * connected to that address on purpose. Accepting every literal rather than this machine's
 * current addresses keeps port forwarding, containers and DHCP changes working.
 * <li><b>Origin</b>, when present (browsers send it on cross-site requests and WebSocket
 * upgrades). Allowed: the {@code --cors-origin}, the request's own origin (same {@code Host}),
 * a loopback or {@code localhost} page, or a page of an {@code --allowed-host}. Unlike Host, a
 * foreign IP literal is refused here: that is a page someone else serves. {@code null} (sandboxed
 * frames, {@code file:} pages) is refused.
 * <li><b>Token</b>: {@code Authorization: Bearer <token>} on every request, except a CORS
 * preflight (browsers never send credentials on it) and reads of the paths opened with
 * {@link Builder#openForReading} ({@code /metrics}, the MCP {@code /health}). A WebSocket
 * upgrade may offer it as a {@code Sec-WebSocket-Protocol} value, since browsers cannot set
 * headers there; never in the URL, which ends up in logs and history. The token is the server's
 * own ({@code api.token}, {@code --token}...: the {@code admin} scope on every app) or a named
 * one of the {@link TokenStore} (its scope and apps), and the caller's {@link Grant} says which:
 * the routes check it against {@link Operation}'s table.
 * <li><b>Content type</b> (CSRF: an HTML form or a no-cors {@code fetch} can POST
 * {@code text/plain}, form or multipart bodies without a preflight, never JSON): POST, PUT and
 * PATCH need {@code Content-Type: application/json}, else 415. A DELETE needs it only when it
 * carries a body: browsers always preflight DELETE, and an MCP client ends its session with a
 * body-less DELETE.
 * <li><b>Size</b>: a declared {@code Content-Length} over {@link #MAX_BODY_BYTES} gets 413 before
 * a byte is read; bodies of unknown length are counted by the adapter as they stream in.
 * </ol>
 */
public final class HttpAccess {
    /** The largest request body any velos HTTP server reads. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    /** The actor of the server's own token in grants and the audit trail. */
    public static final String OWN_TOKEN_ACTOR = "token:" + ApiToken.FILE_NAME;

    private final Optional<ApiToken> token;
    private final Optional<TokenStore> tokens;
    private final Set<String> allowedNames;
    private final Set<String> corsOrigins;
    private final Set<String> openPaths;
    private final boolean everyReadOpen;

    /** The request headers, by case-insensitive name: every value, an empty list when absent. */
    @FunctionalInterface
    public interface Headers {
        List<String> values(String name);
    }

    /** What {@link #decide} says of a request: refused, or granted to a caller. */
    public sealed interface Verdict permits Refusal, Granted {
    }

    /** The request may go on to its route; the route checks {@code grant} against what it does. */
    public record Granted(Grant grant) implements Verdict {
    }

    /** Why a request is refused: the HTTP status and a message for the client. */
    public record Refusal(int status, String message) implements Verdict {
        /** A 401 must name the scheme the client should use ({@code WWW-Authenticate: Bearer}). */
        public boolean needsChallenge() {
            return status == 401;
        }
    }

    private HttpAccess(Builder b) {
        this.token = b.token;
        this.tokens = b.tokens;
        this.allowedNames = Set.copyOf(b.allowedNames);
        this.corsOrigins = Set.copyOf(b.corsOrigins);
        this.openPaths = Set.copyOf(b.openPaths);
        this.everyReadOpen = b.everyReadOpen;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The refusal for this request, or empty when it may go on to its route. */
    public Optional<Refusal> check(String method, String path, Headers headers) {
        return decide(method, path, headers) instanceof Refusal r ? Optional.of(r) : Optional.empty();
    }

    /** Refused, or granted: to the token's caller, or to {@link Grant#anonymous()} on an open read or a preflight. */
    public Verdict decide(String method, String path, Headers headers) {
        List<String> hosts = headers.values("Host");
        if (hosts.size() != 1 || !hostAllowed(hosts.getFirst())) {
            return new Refusal(403, "Host " + quoted(hosts) + " is not allowed: use localhost or an IP address, or start "
                    + "the server with --allowed-host <name>");
        }
        List<String> origins = headers.values("Origin");
        if (origins.size() > 1 || origins.size() == 1 && !originAllowed(origins.getFirst(), hosts.getFirst())) {
            return new Refusal(403, "Origin " + quoted(origins) + " is not allowed");
        }
        if (isPreflight(method, headers)) {
            return new Granted(Grant.anonymous());
        }
        boolean openRead = (method.equals("GET") || method.equals("HEAD")) && (everyReadOpen || openPaths.contains(path));
        Optional<Grant> caller = authorized(headers);
        if (caller.isEmpty() && !openRead) {
            return new Refusal(401, "unauthorized: invalid or missing api token");
        }
        if (needsJson(method, headers) && !isJson(headers.values("Content-Type"))) {
            return new Refusal(415, "send the body as JSON with Content-Type: application/json");
        }
        Optional<Refusal> tooLarge = bodyLimit(headers);
        return tooLarge.isPresent() ? tooLarge.get() : new Granted(caller.orElseGet(Grant::anonymous));
    }

    /**
     * Whether {@code grant}'s token still exists: a named token revoked since a long-lived
     * exchange began (an MCP session's event stream) must stop receiving at once.
     */
    public boolean stillValid(Grant grant) {
        String prefix = "token:";
        if (!grant.actor().startsWith(prefix) || grant.actor().equals(OWN_TOKEN_ACTOR)) {
            return true;
        }
        return tokens.isPresent() && tokens.get().exists(grant.actor().substring(prefix.length()));
    }

    /** The answer to a body that turned out, while streaming in, to be longer than {@link #MAX_BODY_BYTES}. */
    public static Refusal bodyTooLarge() {
        return new Refusal(413, "the request body is over " + MAX_BODY_BYTES + " bytes (1 MiB)");
    }

    /** Whether {@code origin} is the configured CORS origin (which gets {@code Access-Control-Allow-*} headers). */
    public boolean isCorsOrigin(String origin) {
        return corsOrigins.contains(origin.strip().toLowerCase(Locale.ROOT));
    }

    /** A browser's CORS preflight from the configured origin: answered by the adapter, without a token. */
    public boolean isPreflight(String method, Headers headers) {
        List<String> origins = headers.values("Origin");
        return method.equals("OPTIONS") && origins.size() == 1 && isCorsOrigin(origins.getFirst())
                && !headers.values("Access-Control-Request-Method").isEmpty();
    }

    /**
     * Whether {@code bindHost} reaches this machine only (127.0.0.0/8, ::1, a name resolving only
     * to those). A wildcard such as 0.0.0.0 does not. Resolves names once, at start-up.
     */
    public static boolean isLoopback(String bindHost) {
        try {
            InetAddress[] all = InetAddress.getAllByName(bindHost);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "unknown host '" + bindHost + "': " + e.getMessage());
        }
    }

    private boolean hostAllowed(String hostHeader) {
        Optional<String> name = hostName(hostHeader);
        return name.isPresent() && (name.get().equals("localhost") || ipLiteral(name.get()).isPresent()
                || allowedNames.contains(name.get()));
    }

    private boolean originAllowed(String origin, String hostHeader) {
        if (isCorsOrigin(origin)) {
            return true;
        }
        Optional<String> authority = originAuthority(origin);
        Optional<String> name = authority.flatMap(HttpAccess::hostName);
        if (name.isEmpty()) {
            return false;
        }
        return name.get().equals("localhost") || ipLiteral(name.get()).filter(InetAddress::isLoopbackAddress).isPresent()
                || allowedNames.contains(name.get()) || authority.get().equalsIgnoreCase(hostHeader.strip());
    }

    /** The caller's grant, from a bearer header or (on a WebSocket upgrade) an offered subprotocol. */
    private Optional<Grant> authorized(Headers headers) {
        List<String> authorization = headers.values("Authorization");
        if (authorization.size() == 1) {
            String header = authorization.getFirst().strip();
            if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Optional<Grant> g = grantOf(header.substring(7).strip());
                if (g.isPresent()) {
                    return g;
                }
            }
        }
        if (headers.values("Upgrade").stream().anyMatch(u -> u.strip().equalsIgnoreCase("websocket"))) {
            for (String offered : csv(headers.values("Sec-WebSocket-Protocol"))) {
                Optional<Grant> g = grantOf(offered);
                if (g.isPresent()) {
                    return g;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Grant> grantOf(String secret) {
        if (token.isPresent() && token.get().matches(secret)) {
            return Optional.of(new Grant(OWN_TOKEN_ACTOR, Scope.ADMIN, List.of()));
        }
        return tokens.flatMap(store -> store.find(secret)).map(TokenInfo::grant);
    }

    private static boolean needsJson(String method, Headers headers) {
        return switch (method) {
            case "POST", "PUT", "PATCH" -> true;
            case "DELETE" -> !headers.values("Content-Type").isEmpty() || !headers.values("Transfer-Encoding").isEmpty()
                    || headers.values("Content-Length").stream().anyMatch(v -> !v.strip().equals("0"));
            default -> false;
        };
    }

    private static boolean isJson(List<String> contentTypes) {
        if (contentTypes.size() != 1) {
            return false;
        }
        String type = contentTypes.getFirst();
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().equalsIgnoreCase("application/json");
    }

    private static Optional<Refusal> bodyLimit(Headers headers) {
        List<String> lengths = headers.values("Content-Length");
        if (lengths.isEmpty()) {
            return Optional.empty();
        }
        long length;
        try {
            length = Long.parseLong(lengths.getFirst().strip());
        } catch (NumberFormatException e) {
            return refuse(400, "Content-Length is not a number");
        }
        return length > MAX_BODY_BYTES
                ? refuse(413, "the request body is " + length + " bytes; the limit is " + MAX_BODY_BYTES + " (1 MiB)")
                : Optional.empty();
    }

    /** {@code host[:port]} or {@code [v6]:port} → the lower-case host (IPv6 without brackets); empty when malformed. */
    static Optional<String> hostName(String authority) {
        String a = authority.strip().toLowerCase(Locale.ROOT);
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            String rest = close < 0 ? "" : a.substring(close + 1);
            return close > 1 && (rest.isEmpty() || rest.matches(":\\d{1,5}")) ? Optional.of(a.substring(1, close))
                    : Optional.empty();
        }
        int colon = a.indexOf(':');
        String name = colon < 0 ? a : a.substring(0, colon);
        if (colon >= 0 && !a.substring(colon).matches(":\\d{1,5}") || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** An IPv4 or IPv6 literal, parsed without any DNS lookup; empty for a name. */
    static Optional<InetAddress> ipLiteral(String host) {
        try {
            return Optional.of(host.contains(":") ? InetAddress.ofLiteral(host) : Inet4Address.ofLiteral(host));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The {@code host[:port]} of an {@code http}/{@code https} origin without a default port; empty otherwise. */
    private static Optional<String> originAuthority(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String authority = uri.getRawAuthority();
            if (!scheme.equals("http") && !scheme.equals("https") || authority == null || authority.contains("@")) {
                return Optional.empty();
            }
            String defaultPort = scheme.equals("http") ? ":80" : ":443";
            return Optional.of(authority.endsWith(defaultPort)
                    ? authority.substring(0, authority.length() - defaultPort.length()) : authority);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static List<String> csv(List<String> values) {
        List<String> items = new ArrayList<>();
        for (String v : values) {
            for (String item : v.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }

    /** Header values for a message, cut short: they are the client's text, not ours. */
    private static String quoted(List<String> values) {
        if (values.isEmpty()) {
            return "(none)";
        }
        String joined = String.join(", ", values);
        return "'" + (joined.length() > 80 ? joined.substring(0, 77) + "..." : joined) + "'";
    }

    private static Optional<Refusal> refuse(int status, String message) {
        return Optional.of(new Refusal(status, message));
    }

    /** The rules of one server. */
    public static final class Builder {
        private Optional<ApiToken> token = Optional.empty();
        private Optional<TokenStore> tokens = Optional.empty();
        private final Set<String> allowedNames = new LinkedHashSet<>();
        private final Set<String> corsOrigins = new LinkedHashSet<>();
        private final Set<String> openPaths = new LinkedHashSet<>();
        private boolean everyReadOpen;

        private Builder() {
        }

        /** The server's own token: the {@code admin} scope on every app. Without any token, only open reads pass. */
        public Builder token(ApiToken t) {
            token = Optional.of(t);
            return this;
        }

        /** The named tokens also accepted, each with its own scope and apps (read again whenever the file changes). */
        public Builder tokens(TokenStore store) {
            tokens = Optional.of(store);
            return this;
        }

        /**
         * The address the server binds: a host name becomes an allowed Host (an IP literal or a
         * wildcard adds nothing, literals are allowed anyway).
         */
        public Builder boundTo(String host) {
            String h = host.strip().toLowerCase(Locale.ROOT);
            String bare = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
            if (ipLiteral(bare).isEmpty()) {
                allowedNames.add(bare);
            }
            return this;
        }

        /**
         * An {@code --allowed-host}: a name clients may use in {@code Host} (a reverse proxy's or
         * this machine's DNS name), whose pages may also send requests. Throws
         * {@link VelosException} for anything but a plain host name.
         */
        public Builder allowHost(String name) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            if (!n.matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?")) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "--allowed-host takes a host name such as "
                        + "velos.example.com (no scheme, port or wildcard), not '" + name + "'");
            }
            allowedNames.add(n);
            return this;
        }

        /** The {@code --cors-origin}: a page origin such as {@code https://dash.example} allowed to call the API. */
        public Builder corsOrigin(String origin) {
            if (!origin.isBlank()) {
                corsOrigins.add(origin.strip().toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** GET/HEAD of exactly {@code path} needs no token (it must not show apps' secrets or act). */
        public Builder openForReading(String path) {
            openPaths.add(path);
            return this;
        }

        /** GET/HEAD of every path needs no token: for a server that serves nothing else ({@code velos metrics}). */
        public Builder everyReadOpen() {
            everyReadOpen = true;
            return this;
        }

        public HttpAccess build() {
            return new HttpAccess(this);
        }
    }
}
