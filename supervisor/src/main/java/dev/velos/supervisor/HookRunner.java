// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.System.Logger.Level;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.velos.model.AppSpec;
import dev.velos.model.ExitStatus;
import dev.velos.model.Hook;
import dev.velos.model.HookEvent;
import dev.velos.model.JsonWriter;
import dev.velos.model.OrchestrationEvent;

/**
 * Runs an app's hooks ({@code on_crash}, {@code on_errored}, {@code on_restart}, {@code on_ready},
 * {@code webhook}) without ever delaying the loop: the payload is built and a webhook posted on a
 * virtual thread; a command is spawned by the spawner thread and reaped on the loop
 * ({@link SideProcesses}). Each hook runs at most once per event — no retry — and is bounded by
 * the app's hook timeout (a command's group is SIGKILLed, a request abandoned). At most
 * {@value #MAX_IN_FLIGHT} hooks run at once; beyond that a hook is dropped and that is logged, so
 * a crash-looping fleet cannot pile up processes or threads. Every end is reported as a
 * {@link OrchestrationEvent.HookFinished}, every failure also logged.
 */
final class HookRunner {
    private static final System.Logger LOG = System.getLogger(HookRunner.class.getName());
    static final int MAX_IN_FLIGHT = 32;
    /** The command's copy of the payload travels in one environment string; the kernel caps one at 128 KiB. */
    private static final int MAX_ENV_JSON = 64 * 1024;

    private final EventLoop loop;
    private final SideProcesses sides;
    private final LaunchPlanner planner;
    private final HookPayload payload;
    private final Clock clock;
    private final Consumer<OrchestrationEvent> report;
    private final OffLoop offLoop;
    /** Loop thread only. */
    private int inFlight;

    HookRunner(EventLoop loop, SideProcesses sides, LaunchPlanner planner, HookPayload payload, Clock clock,
               Consumer<OrchestrationEvent> report, OffLoop offLoop) {
        this.offLoop = offLoop;
        this.loop = loop;
        this.sides = sides;
        this.planner = planner;
        this.payload = payload;
        this.clock = clock;
        this.report = report;
    }

    /** Runs the hooks {@code spec} has for {@code event}; loop thread. */
    void fire(int id, AppSpec spec, HookEvent event, ExitStatus exit, String reason) {
        if (!spec.orchestration().hooks().any()) {
            return; // the common case, on every spawn and exit: nothing to allocate
        }
        List<Hook> hooks = spec.orchestration().hooks().at(event);
        if (hooks.isEmpty()) {
            return;
        }
        HookPayload.Context context = new HookPayload.Context(id, spec.name(), event, clock.instant(), exit, reason);
        for (Hook hook : hooks) {
            if (inFlight >= MAX_IN_FLIGHT) {
                LOG.log(Level.WARNING, "{0} hooks are running already; the {1} hook of ''{2}'' is dropped",
                        inFlight, event.wireName(), spec.name());
                continue;
            }
            inFlight++;
            CompletableFuture<String> body = CompletableFuture.supplyAsync(() -> body(context), offLoop.threads());
            CompletableFuture<String> done = switch (hook) {
                case Hook.Command c -> body.thenCompose(json -> onLoop(() -> runCommand(spec, c, context, json)));
                case Hook.Webhook w -> body.thenApplyAsync(json -> post(w, json, spec), offLoop.threads());
                case Hook.None n -> CompletableFuture.completedFuture("");
            };
            String target = hook instanceof Hook.Command c ? String.join(" ", c.argv())
                    : hook instanceof Hook.Webhook w ? w.url().toString() : "";
            done.whenComplete((failure, error) -> loop.execute(() -> finished(context, target, error != null
                    ? String.valueOf(unwrap(error).getMessage()) : failure)));
        }
    }

    /** "" = success, else why it failed; on the loop. */
    private void finished(HookPayload.Context context, String target, String failure) {
        inFlight--;
        boolean ok = failure.isEmpty();
        if (!ok) {
            LOG.log(Level.WARNING, "the {0} hook of ''{1}'' ({2}) failed: {3}", context.event().wireName(), context.app(),
                    target, failure);
        }
        report.accept(new OrchestrationEvent.HookFinished(context.id(), context.app(), clock.instant(), context.event(),
                target, ok, failure));
    }

    private String body(HookPayload.Context context) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("app", context.app());
        fields.put("id", context.id());
        fields.put("event", context.event().wireName());
        fields.put("at", context.at().toString());
        if (context.exit().isKnown()) {
            fields.put("exit_code", context.exit().killedBySignal() ? null : context.exit().code());
            fields.put("signal", context.exit().signal());
        }
        fields.put("reason", context.reason());
        try {
            payload.extra(context).forEach(fields::putIfAbsent);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the hook payload provider failed for ''{0}''; sending the event alone", context.app(), e);
        }
        return JsonWriter.write(fields);
    }

    private CompletableFuture<String> runCommand(AppSpec spec, Hook.Command command, HookPayload.Context context, String json) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VELOS_APP", context.app());
        env.put("VELOS_EVENT", context.event().wireName());
        env.put("VELOS_EXIT_CODE", context.exit().isKnown() && !context.exit().killedBySignal()
                ? Integer.toString(context.exit().code()) : "");
        env.put("VELOS_EXIT_SIGNAL", context.exit().killedBySignal() ? Integer.toString(context.exit().signal()) : "");
        env.put("VELOS_RESTART_REASON", context.reason());
        env.put("VELOS_HOOK_JSON", json.length() <= MAX_ENV_JSON ? json : "");
        return sides.run(() -> planner.planCommand(spec, command.argv(), env), spec.orchestration().hooks().timeout())
                .thenApply(outcome -> outcome.succeeded() ? ""
                        : (outcome.timedOut() ? "timed out after " + spec.orchestration().hooks().timeout().toMillis() + " ms"
                        : outcome.exit().toString()) + (outcome.output().isEmpty() ? "" : ": " + outcome.output()));
    }

    private String post(Hook.Webhook webhook, String json, AppSpec spec) {
        var timeout = spec.orchestration().hooks().timeout();
        try {
            HttpRequest request = HttpRequest.newBuilder(webhook.url()).timeout(timeout)
                    .header("Content-Type", "application/json").header("User-Agent", "velos-hook")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            HttpResponse<Void> response = offLoop.http().send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? "" : "HTTP " + response.statusCode();
        } catch (java.net.http.HttpTimeoutException e) {
            return "timed out after " + timeout.toMillis() + " ms";
        } catch (java.io.IOException | RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Runs {@code work} (which returns a future) on the loop thread. */
    private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                work.get().whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
