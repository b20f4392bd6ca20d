// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.HttpAccess;
import dev.velos.ipc.IpcException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;
import dev.velos.model.ProcessStatus;

/**
 * The HTTP routes of {@code velos api}: the REST API under {@code /api/v1} (REFERENCE §11.3 plus
 * stop, reload, start, scale, health and the log summary, each also at its unversioned
 * {@code /api/...} alias), {@code /metrics}, the dashboard page and its assets, and the OpenAPI
 * document that describes them all. Each request runs on its own virtual thread and may block on
 * the daemon. Errors are JSON {@code {"error": …}} with a status that says whose fault it was; no
 * stack trace ever reaches a client.
 */
final class ApiRoutes extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(ApiRoutes.class.getName());
    static final String PROCESSES = ApiVersion.V1 + "/processes";
    static final String LOGS = ApiVersion.V1 + "/logs";

    private final DaemonLink daemon;
    private final StateCache state;
    private final MetricsHandler metrics;
    private final LogRoute logs;
    private final Path baseDir;
    private final DashboardAssets assets;
    private final RouteTable table;
    private final OpenApiDocument openApi;
    private final RenderedBody processList = new RenderedBody(s -> {
        var list = HttpJson.array();
        s.processes().forEach(v -> list.add(ProcessJson.summary(v)));
        return HttpJson.bytes(list);
    });

    ApiRoutes(DaemonLink daemon, StateCache state, Path baseDir) {
        super(InvocationType.BLOCKING);
        this.daemon = daemon;
        this.state = state;
        this.metrics = new MetricsHandler(state);
        this.logs = new LogRoute(daemon);
        this.baseDir = baseDir;
        this.assets = DashboardAssets.load();
        this.table = RouteTable.withAliases(routes());
        this.openApi = OpenApiDocument.load();
    }

    /** Every route the server answers, aliases included. */
    List<Route> registered() {
        return table.routes();
    }

    private List<Route> routes() {
        String one = PROCESSES + "/{name}";
        return List.of(
                new Route("GET", "/", assets::index),
                new Route("GET", DashboardAssets.PREFIX + "{file}", x -> assets.file(x, x.param("file"))),
                new Route("GET", OpenApiDocument.PATH, x -> openApi.send(x.response(), x.callback())),
                new Route("GET", "/metrics", x -> metrics.handle(x.request(), x.response(), x.callback())),
                new Route("GET", LiveSocket.PATH, x -> {
                    throw new ApiError(426, LiveSocket.PATH + " is a WebSocket: connect with Upgrade: websocket");
                }),
                new Route("GET", ApiVersion.V1 + "/health", x -> send(x, 200, HealthReport.of(daemon))),
                new Route("GET", PROCESSES, this::list),
                new Route("POST", PROCESSES, x -> send(x, 201, start(x.request()))),
                new Route("GET", one, x -> send(x, 200, ProcessJson.detail(resolveOne(x.param("name"))))),
                new Route("DELETE", one, x -> {
                    String target = resolveTarget(x.param("name"));
                    daemon.call(c -> c.delete(target));
                    done(x, "deleted");
                }),
                new Route("POST", one + "/restart", x -> change(x, c -> c.restart(resolveTarget(x.param("name"))),
                        "restarted")),
                new Route("POST", one + "/stop", x -> change(x, c -> c.stop(resolveTarget(x.param("name"))), "stopped")),
                new Route("POST", one + "/reload", x -> change(x, c -> c.reload(resolveTarget(x.param("name"))),
                        "reloaded")),
                new Route("POST", one + "/start", this::startStopped),
                new Route("POST", one + "/scale", this::scale),
                new Route("GET", LOGS + "/{name}", x -> {
                    resolveOne(x.param("name"));
                    send(x, 200, logs.read(x.param("name"), Request.extractQueryParameters(x.request())));
                }),
                new Route("GET", LOGS + "/{name}/summary", x -> {
                    resolveOne(x.param("name"));
                    send(x, 200, logs.summary(x.param("name"), Request.extractQueryParameters(x.request())));
                }));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            RouteTable.Match match = find(method, path);
            match.route().action().answer(new Route.Exchange(request, response, callback, match.params()));
        } catch (ApiError e) {
            HttpJson.error(response, callback, e);
        } catch (DaemonUnavailableException e) {
            HttpJson.error(response, callback, new ApiError(502, "daemon unavailable: " + e.getMessage()));
        } catch (IpcException e) {
            HttpJson.error(response, callback, daemonError(e));
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "request " + method + " " + path + " failed", e);
            HttpJson.error(response, callback, new ApiError(500, "internal error: " + e.getClass().getSimpleName()));
        }
        return true;
    }

    /** The route, or a 404 that names the actions when the path asked for one that does not exist. */
    private RouteTable.Match find(String method, String path) {
        try {
            return table.find(method, path);
        } catch (ApiError e) {
            List<String> parts = Route.segments(path);
            boolean actionShape = e.status() == 404 && parts.size() >= 4 && parts.get(parts.size() - 3).equals("processes")
                    && (path.startsWith(PROCESSES + "/") || path.startsWith(ApiVersion.UNVERSIONED + "/processes/"));
            if (actionShape) {
                throw new ApiError(404, "no such action: " + parts.getLast() + " (" + String.join(", ", actions()) + ")");
            }
            throw e;
        }
    }

    /** The verbs of {@code POST /api/v1/processes/{name}/<verb>}, from the routes themselves. */
    private List<String> actions() {
        String prefix = PROCESSES + "/{name}/";
        return table.routes().stream().filter(r -> r.method().equals("POST") && r.template().startsWith(prefix))
                .map(r -> r.template().substring(prefix.length())).toList();
    }

    private void list(Route.Exchange x) {
        DaemonState current = state.get();
        if (!current.up()) {
            throw new ApiError(502, "daemon unavailable: " + current.failure().orElseThrow());
        }
        HttpJson.send(x.response(), x.callback(), 200, processList.of(current));
    }

    private void scale(Route.Exchange x) throws IOException {
        String name = x.param("name");
        String count = ScaleRequest.parse(body(x.request()));
        WireTypes.ScaleResult r = daemon.call(c -> c.scale(name, count));
        state.invalidate();
        send(x, 200, HttpJson.object().put("name", r.name()).put("started", r.started()).put("stopped", r.stopped())
                .put("instances", r.target()));
    }

    /**
     * Starts the stopped or errored instances of {@code {name}} again with their saved settings
     * (a restart of an idle entry spawns it); 409 when all of them already run.
     */
    private void startStopped(Route.Exchange x) {
        String name = x.param("name");
        resolveTarget(name);
        List<WireTypes.ProcessView> idle = daemon.call(VelosClient::list).stream()
                .filter(v -> matches(v, name) || v.name().startsWith(name + ":"))
                .filter(v -> !ProcessStatus.ofCode(v.status()).isAlive()).toList();
        if (idle.isEmpty()) {
            throw new ApiError(409, "process " + name + " is already running");
        }
        for (WireTypes.ProcessView v : idle) {
            daemon.call(c -> c.restart(v.name()));
        }
        done(x, "started");
    }

    private void change(Route.Exchange x, Function<VelosClient, List<WireTypes.ProcessView>> call, String status) {
        daemon.call(call);
        done(x, status);
    }

    private void done(Route.Exchange x, String status) {
        state.invalidate();
        send(x, 200, HttpJson.object().put("name", x.param("name")).put("status", status));
    }

    private static void send(Route.Exchange x, int status, Object body) {
        HttpJson.send(x.response(), x.callback(), status, body);
    }

    /** The content type was checked by {@link AccessGuard}, like every mutating request's. */
    private Object start(Request request) throws Exception {
        WireTypes.StartArgs args = StartRequest.parse(body(request), baseDir);
        List<WireTypes.ProcessView> started = daemon.call(c -> c.start(args));
        state.invalidate();
        WireTypes.ProcessView first = started.getFirst();
        return HttpJson.object().put("id", first.id()).put("name", args.name());
    }

    /** {@code {name}}: a number is an id, otherwise an exact name. */
    private WireTypes.ProcessView resolveOne(String name) {
        List<WireTypes.ProcessView> all = daemon.call(VelosClient::list);
        return all.stream().filter(v -> matches(v, name)).findFirst().orElseThrow(() -> ApiError.notFound(name));
    }

    /** For actions, a cluster's base name also works (all its instances), as on the command line. */
    private String resolveTarget(String name) {
        List<WireTypes.ProcessView> all = daemon.call(VelosClient::list);
        return all.stream().filter(v -> matches(v, name)).findFirst().map(WireTypes.ProcessView::name)
                .or(() -> all.stream().anyMatch(v -> v.name().startsWith(name + ":")) ? Optional.of(name)
                        : Optional.empty())
                .orElseThrow(() -> ApiError.notFound(name));
    }

    private static boolean matches(WireTypes.ProcessView v, String name) {
        return name.chars().allMatch(Character::isDigit) && !name.isEmpty() ? Integer.toString(v.id()).equals(name)
                : v.name().equals(name);
    }

    private static ApiError daemonError(IpcException e) {
        return switch (e.code()) {
            case NOT_FOUND -> new ApiError(404, e.getMessage());
            case ALREADY_EXISTS -> new ApiError(409, e.getMessage());
            case INVALID_ARGUMENT, SPAWN_FAILED -> new ApiError(422, e.getMessage());
            default -> new ApiError(e.getMessage() != null && e.getMessage().contains("not found") ? 404 : 500,
                    e.getMessage());
        };
    }

    /**
     * The request body, at most {@link HttpAccess#MAX_BODY_BYTES}: a declared larger length was
     * refused already, and a body of unknown length (chunked) is read only that far, so no client
     * can make the server hold more than 1 MiB of it.
     */
    static String body(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(HttpAccess.MAX_BODY_BYTES + 1);
            if (bytes.length > HttpAccess.MAX_BODY_BYTES) {
                throw new ApiError(HttpAccess.bodyTooLarge().status(), HttpAccess.bodyTooLarge().message());
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
