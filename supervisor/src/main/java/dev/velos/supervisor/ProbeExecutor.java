// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.velos.model.AppSpec;
import dev.velos.model.ProbeCheck;

/**
 * Runs one probe attempt off the event loop and says how it went. HTTP and TCP attempts each get
 * a virtual thread (a blocked connect or read parks it, never a carrier, never the loop); an
 * exec attempt is a real child ({@link SideProcesses}: posix_spawn, reaped through its pidfd,
 * its group SIGKILLed at the timeout). Every attempt ends within its timeout. Thread-safe.
 */
final class ProbeExecutor {
    /** One attempt's result: passed or not, and in words ({@code HTTP 200}, {@code connection refused}). */
    record Outcome(boolean ok, String detail) {
    }

    private final SideProcesses sides;
    private final LaunchPlanner planner;
    private final OffLoop offLoop;

    ProbeExecutor(SideProcesses sides, LaunchPlanner planner, OffLoop offLoop) {
        this.sides = sides;
        this.planner = planner;
        this.offLoop = offLoop;
    }

    /**
     * Starts one attempt of {@code check} for {@code spec}. Must be called on the loop thread (an
     * exec attempt registers there); the future may complete on any thread.
     */
    CompletableFuture<Outcome> attempt(AppSpec spec, ProbeCheck check, Duration timeout) {
        return switch (check) {
            case ProbeCheck.Http h -> CompletableFuture.supplyAsync(() -> http(h, timeout), offLoop.threads());
            case ProbeCheck.Tcp t -> CompletableFuture.supplyAsync(() -> tcp(t, timeout), offLoop.threads());
            case ProbeCheck.Exec e -> sides.run(() -> asTheApp(spec, planner.planCommand(spec, e.command(), Map.of())), timeout)
                    .handle((outcome, error) -> error != null ? new Outcome(false, "cannot run: " + rootMessage(error))
                            : outcome.timedOut() ? new Outcome(false, "timed out after " + timeout.toMillis() + " ms")
                            : new Outcome(outcome.succeeded(), outcome.exit().toString()
                                    + (outcome.output().isEmpty() ? "" : ": " + lastLine(outcome.output()))));
            case ProbeCheck.None n -> CompletableFuture.completedFuture(new Outcome(true, "no probe"));
        };
    }

    /** An exec probe checks the app from the inside, so it runs as the app's user, as Kubernetes runs it in the container. */
    private static dev.velos.sys.SpawnRequest asTheApp(AppSpec spec, dev.velos.sys.SpawnRequest request) {
        return Credentials.of(spec).map(c -> ExecTrampoline.wrap(c.withUserEnvironment(request, spec.env()), java.util.List.of(c.step())))
                .orElse(request);
    }

    private Outcome http(ProbeCheck.Http check, Duration timeout) {
        try {
            HttpRequest request = HttpRequest.newBuilder(check.url()).timeout(timeout).GET()
                    .header("User-Agent", "velos-probe").build();
            HttpResponse<Void> response = offLoop.http().send(request, HttpResponse.BodyHandlers.discarding());
            return new Outcome(check.accepts(response.statusCode()), "HTTP " + response.statusCode());
        } catch (java.net.http.HttpTimeoutException e) {
            return new Outcome(false, "timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Outcome(false, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted");
        } catch (RuntimeException e) {
            return new Outcome(false, describe(e));
        }
    }

    private static Outcome tcp(ProbeCheck.Tcp check, Duration timeout) {
        try (SocketChannel channel = SocketChannel.open()) {
            channel.socket().connect(new InetSocketAddress(check.host(), check.port()), (int) Math.max(1, timeout.toMillis()));
            return new Outcome(true, "connected");
        } catch (java.net.SocketTimeoutException e) {
            return new Outcome(false, "timed out after " + timeout.toMillis() + " ms");
        } catch (IOException | RuntimeException e) {
            return new Outcome(false, describe(e));
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause instanceof java.util.concurrent.CompletionException) {
            cause = cause.getCause();
        }
        return describe(cause);
    }

    private static String lastLine(String output) {
        int nl = output.lastIndexOf('\n');
        String line = nl < 0 ? output : output.substring(nl + 1);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
