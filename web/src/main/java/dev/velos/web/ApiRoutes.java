// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import dev.velos.config.AppConfigFile;
import dev.velos.config.ApplyPlan;
import dev.velos.config.ConfigApply;
import dev.velos.config.ConfigException;
import dev.velos.config.ConfigFiles;
import dev.velos.ipc.AccessDeniedException;
import dev.velos.ipc.ClientAppDaemon;
import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.Grant;
import dev.velos.ipc.HealthCheck;
import dev.velos.ipc.HttpAccess;
import dev.velos.ipc.IpcException;
import dev.velos.ipc.Operation;
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
 *
 * <p>Each route names its {@link Operation}; a token whose scope does not allow it gets 403, and
 * a token limited to some apps sees only those (lists and health are filtered, a name outside
 * them is refused, and {@code /metrics}, which covers every app, needs an unlimited token).
 * Every mutating request is appended to the audit trail ({@link Audit}).
 */
final class ApiRoutes extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(ApiRoutes.class.getName());
    static final String PROCESSES = ApiVersion.V1 + "/processes";
    static final String LOGS = ApiVersion.V1 + "/logs";
    static final String APPLY = ApiVersion.V1 + "/apply";

    private final DaemonLink daemon;
    private final StateCache state;
    private final MetricsHandler metrics;
    private final LogRoute logs;
    private final Path baseDir;
    private final DashboardAssets assets;
    private final RouteTable table;
    private final OpenApiDocument openApi;
    private final Audit audit;
    private final RenderedBody processList = new RenderedBody(s -> {
        var list = HttpJson.array();
        s.processes().forEach(v -> list.add(ProcessNodes.summary(v)));
        return HttpJson.bytes(list);
    });

    ApiRoutes(DaemonLink daemon, StateCache state, Path baseDir, Audit audit) {
        super(InvocationType.BLOCKING);
        this.daemon = daemon;
        this.audit = audit;
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
                new Route("GET", "/", Operation.VIEW, assets::index),
                new Route("GET", DashboardAssets.PREFIX + "{file}", Operation.VIEW, x -> assets.file(x, x.param("file"))),
                new Route("GET", OpenApiDocument.PATH, Operation.VIEW, x -> openApi.send(x.response(), x.callback())),
                new Route("GET", "/metrics", Operation.METRICS, x -> {
                    requireEveryApp(x.grant(), "/metrics");
                    metrics.handle(x.request(), x.response(), x.callback());
                }),
                new Route("GET", LiveSocket.PATH, Operation.LIVE_FEED, x -> {
                    throw new ApiError(426, LiveSocket.PATH + " is a WebSocket: connect with Upgrade: websocket");
                }),
                new Route("GET", ApiVersion.V1 + "/health", Operation.HEALTH,
                        // The one scorer MCP's health_check uses too, over one connection for the whole report.
                        x -> send(x, 200, daemon.call(c -> HealthCheck.report(c, x.grant())))),
                new Route("GET", PROCESSES, Operation.LIST, this::list),
                new Route("POST", PROCESSES, Operation.START_NEW, this::start),
                // Applying a file starts the commands it names: the scope of starting a new app (admin).
                new Route("POST", APPLY, Operation.START_NEW, this::apply),
                new Route("GET", one, Operation.INFO, x -> send(x, 200, ProcessNodes.detail(resolveOne(x)))),
                new Route("DELETE", one, Operation.DELETE, x -> change(x, VelosClient::delete, "deleted")),
                new Route("POST", one + "/restart", Operation.RESTART, x -> change(x, VelosClient::restart, "restarted")),
                new Route("POST", one + "/stop", Operation.STOP, x -> change(x, VelosClient::stop, "stopped")),
                new Route("POST", one + "/reload", Operation.RELOAD, x -> change(x, VelosClient::reload, "reloaded")),
                new Route("POST", one + "/run-now", Operation.RUN_NOW, x -> change(x, VelosClient::runNow, "ran")),
                new Route("POST", one + "/start", Operation.START_EXISTING, this::startStopped),
                new Route("POST", one + "/scale", Operation.SCALE, this::scale),
                new Route("GET", LOGS + "/{name}", Operation.LOGS, x -> {
                    resolveOne(x);
                    send(x, 200, logs.read(x.param("name"), Request.extractQueryParameters(x.request())));
                }),
                new Route("GET", LOGS + "/{name}/summary", Operation.LOGS, x -> {
                    resolveOne(x);
                    send(x, 200, logs.summary(x.param("name"), Request.extractQueryParameters(x.request())));
                }));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            RouteTable.Match match = find(method, path);
            Route route = match.route();
            Route.Exchange exchange = new Route.Exchange(request, response, callback, match.params(),
                    AccessGuard.grantOf(request));
            Audit.Step step = () -> {
                exchange.grant().require(route.operation(), method + " " + route.template());
                route.action().answer(exchange);
            };
            if (route.operation().mutating()) {
                audit.around(exchange, route.operation(), step); // refusals included: an attempt is worth a line
            } else {
                step.run();
            }
        } catch (AccessDeniedException e) {
            HttpJson.error(request, response, callback, new ApiError(403, e.getMessage()));
        } catch (ApiError e) {
            HttpJson.error(request, response, callback, e);
        } catch (DaemonUnavailableException e) {
            HttpJson.error(request, response, callback, new ApiError(502, "daemon unavailable: " + e.getMessage()));
        } catch (IpcException e) {
            HttpJson.error(request, response, callback, daemonError(e));
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "request " + method + " " + path + " failed", e);
            HttpJson.error(request, response, callback, new ApiError(500, "internal error: " + e.getClass().getSimpleName()));
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
        if (x.grant().seesEveryApp()) {
            HttpJson.send(x.response(), x.callback(), 200, processList.of(current));
            return;
        }
        var list = HttpJson.array();
        current.processes().stream().filter(v -> x.grant().sees(v.name())).forEach(v -> list.add(ProcessNodes.summary(v)));
        send(x, 200, list);
    }

    /** Routes that show every app at once are for tokens that may see every app. */
    private static void requireEveryApp(Grant grant, String what) {
        if (!grant.seesEveryApp()) {
            throw new AccessDeniedException(what + " covers every app; this token is limited to "
                    + String.join(", ", grant.apps()) + " (use a token created without --apps)");
        }
    }

    private void scale(Route.Exchange x) throws IOException {
        String name = x.param("name");
        x.grant().requireApp(name);
        String count = ScaleRequest.parse(body(x.request()));
        x.request().setAttribute(Audit.ARGS, java.util.Map.of("instances", count));
        WireTypes.ScaleResult r = daemon.call(c -> c.scale(name, count));
        state.invalidate();
        send(x, 200, HttpJson.object().put("name", r.name()).put("started", r.started()).put("stopped", r.stopped())
                .put("instances", r.target()));
    }

    /**
     * Starts the stopped or errored instances of {@code {name}} again with their saved settings, as
     * {@code velos start <name>} does (an errored one's restart count from 0); 409 when all of them already run.
     */
    private void startStopped(Route.Exchange x) {
        String name = x.param("name");
        String target = resolveTarget(x);
        // The daemon resolves the target's instances, as it will for the start.
        boolean startable = daemon.call(c -> c.info(target)).stream()
                .anyMatch(v -> ProcessStatus.ofCode(v.status()).isStartable());
        if (!startable) {
            throw new ApiError(409, "process " + name + " is already running");
        }
        daemon.call(c -> c.startExisting(target));
        done(x, "started");
    }

    private void change(Route.Exchange x, BiFunction<VelosClient, String, List<WireTypes.ProcessView>> call,
                        String status) {
        String target = resolveTarget(x);
        daemon.call(c -> call.apply(c, target));
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
    private void start(Route.Exchange x) throws Exception {
        WireTypes.StartArgs args = StartRequest.parse(body(x.request()), baseDir);
        x.request().setAttribute(Audit.ARGS, Audit.startArgs(args));
        x.request().setAttribute(Audit.TARGET, args.name());
        x.grant().requireApp(args.name()); // a start always names its app (StartRequest requires it)
        List<WireTypes.ProcessView> started = daemon.call(c -> c.start(args));
        state.invalidate();
        WireTypes.ProcessView first = started.getFirst();
        send(x, 201, HttpJson.object().put("id", first.id()).put("name", args.name()));
    }

    /**
     * {@code POST /api/apply}: the plan of a config file against the running set, carried out
     * unless {@code dry_run} — the same {@link ConfigApply} as {@code velos apply}. A token limited
     * to some apps may apply a file of those apps only, and never prune (that would reach the others).
     */
    private void apply(Route.Exchange x) throws IOException {
        ApplyRequest req = ApplyRequest.parse(body(x.request()), baseDir);
        x.request().setAttribute(Audit.TARGET, req.source().file().getFileName().toString());
        AppConfigFile.Loaded loaded;
        try {
            loaded = ConfigFiles.read(req.source(), req.format(), req.profile(), req.only(), System.getenv());
        } catch (ConfigException e) {
            throw new ApiError(422, "invalid config file: " + e.getMessage(), e.problems().stream()
                    .map(p -> new ApiError.FieldProblem("file", p)).toList());
        }
        if (!x.grant().seesEveryApp()) {
            if (req.options().prune()) {
                throw new AccessDeniedException("prune may delete any app; this token is limited to "
                        + String.join(", ", x.grant().apps()));
            }
            loaded.apps().forEach(a -> x.grant().requireApp(a.name()));
        }
        ConfigApply.Result<WireTypes.ProcessView> result = daemon.call(c ->
                ConfigApply.apply(new ClientAppDaemon(c), loaded.apps(), req.options()));
        state.invalidate();
        var body = HttpJson.object().put("applied", result.applied());
        var plan = body.putArray("plan");
        for (ApplyPlan.Step s : result.plan().steps()) {
            var step = plan.addObject().put("action", s.action().word()).put("name", s.name()).put("stopped", s.stopped());
            var fields = step.putArray("fields");
            s.fields().forEach(fields::add);
        }
        var warnings = body.putArray("warnings");
        loaded.warnings().forEach(warnings::add);
        var apps = body.putArray("apps");
        result.views().forEach(v -> apps.add(ProcessNodes.summary(v)));
        send(x, 200, body);
    }

    /**
     * {@code {name}}: a number is an id, otherwise an exact name. A name outside the token's apps
     * is answered like an unknown one was asked for by a token that may see it: refused, whether
     * it exists or not.
     */
    private WireTypes.ProcessView resolveOne(Route.Exchange x) {
        String name = x.param("name");
        List<WireTypes.ProcessView> all = daemon.call(VelosClient::list);
        Optional<WireTypes.ProcessView> found = all.stream().filter(v -> matches(v, name)).findFirst();
        x.grant().requireApp(found.map(WireTypes.ProcessView::name).orElse(name));
        return found.orElseThrow(() -> ApiError.notFound(name));
    }

    /** For actions, a cluster's base name also works (all its instances), as on the command line. */
    private String resolveTarget(Route.Exchange x) {
        String name = x.param("name");
        List<WireTypes.ProcessView> all = daemon.call(VelosClient::list);
        Optional<String> target = all.stream().filter(v -> matches(v, name)).findFirst().map(WireTypes.ProcessView::name)
                .or(() -> all.stream().anyMatch(v -> v.name().startsWith(name + ":")) ? Optional.of(name)
                        : Optional.empty());
        x.grant().requireApp(target.orElse(name));
        return target.orElseThrow(() -> ApiError.notFound(name));
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
