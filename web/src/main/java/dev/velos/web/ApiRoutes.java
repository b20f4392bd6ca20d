// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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

/**
 * The REST routes of {@code velos api} (REFERENCE §11.3 plus stop, reload, scale and health) and
 * {@code /metrics}. Each request runs on its own virtual thread and may block on the daemon.
 * Errors are JSON {@code {"error": …}} with a status that says whose fault it was; no stack trace
 * ever reaches a client.
 */
final class ApiRoutes extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(ApiRoutes.class.getName());
    private static final String PROCESSES = "/api/processes";

    private final DaemonLink daemon;
    private final StateCache state;
    private final MetricsHandler metrics;
    private final LogRoute logs;
    private final Path baseDir;
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
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            route(method, path, request, response, callback);
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

    private void route(String method, String path, Request request, Response response, Callback callback)
            throws Exception {
        List<String> parts = segments(path);
        if (path.equals("/metrics")) {
            allow(method, "GET");
            metrics.handle(request, response, callback);
        } else if (path.equals("/api/health")) {
            allow(method, "GET");
            HttpJson.send(response, callback, 200, HealthReport.of(daemon));
        } else if (path.equals(PROCESSES)) {
            if (method.equals("POST")) {
                HttpJson.send(response, callback, 201, start(request));
            } else {
                allow(method, "GET, POST");
                DaemonState current = state.get();
                if (!current.up()) {
                    throw new ApiError(502, "daemon unavailable: " + current.failure().orElseThrow());
                }
                HttpJson.send(response, callback, 200, processList.of(current));
            }
        } else if (parts.size() == 3 && path.startsWith(PROCESSES + "/")) {
            String name = parts.get(2);
            if (method.equals("DELETE")) {
                String target = resolveTarget(name);
                daemon.call(c -> c.delete(target));
                done(response, callback, name, "deleted");
            } else {
                allow(method, "GET, DELETE");
                HttpJson.send(response, callback, 200, ProcessJson.detail(resolveOne(name)));
            }
        } else if (parts.size() == 4 && path.startsWith(PROCESSES + "/")) {
            allow(method, "POST");
            action(parts.get(2), parts.get(3), request, response, callback);
        } else if (parts.size() == 3 && path.startsWith("/api/logs/")) {
            allow(method, "GET");
            resolveOne(parts.get(2));
            HttpJson.send(response, callback, 200, logs.read(parts.get(2), Request.extractQueryParameters(request)));
        } else {
            throw new ApiError(404, "no such route: " + method + " " + path);
        }
    }

    private void action(String name, String verb, Request request, Response response, Callback callback) throws Exception {
        switch (verb) {
            case "restart" -> change(name, c -> c.restart(resolveTarget(name)), response, callback, "restarted");
            case "stop" -> change(name, c -> c.stop(resolveTarget(name)), response, callback, "stopped");
            case "reload" -> change(name, c -> c.reload(resolveTarget(name)), response, callback, "reloaded");
            case "scale" -> {
                String count = ScaleRequest.parse(body(request));
                WireTypes.ScaleResult r = daemon.call(c -> c.scale(name, count));
                state.invalidate();
                HttpJson.send(response, callback, 200, HttpJson.object().put("name", r.name()).put("started", r.started())
                        .put("stopped", r.stopped()).put("instances", r.target()));
            }
            default -> throw new ApiError(404, "no such action: " + verb + " (restart, stop, reload or scale)");
        }
    }

    private void change(String name, Function<VelosClient, List<WireTypes.ProcessView>> call, Response response,
                        Callback callback, String status) {
        daemon.call(call);
        done(response, callback, name, status);
    }

    private void done(Response response, Callback callback, String name, String status) {
        state.invalidate();
        HttpJson.send(response, callback, 200, HttpJson.object().put("name", name).put("status", status));
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
                .or(() -> all.stream().anyMatch(v -> v.name().startsWith(name + ":")) ? java.util.Optional.of(name)
                        : java.util.Optional.empty())
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

    private static void allow(String method, String allowed) {
        if (!List.of(allowed.split(", ")).contains(method)) {
            throw ApiError.methodNotAllowed(method, allowed);
        }
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

    private static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
