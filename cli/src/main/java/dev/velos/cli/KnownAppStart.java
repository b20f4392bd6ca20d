// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.velos.config.Spelling;
import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;
import dev.velos.model.AppNames;
import dev.velos.model.ErrorCode;
import dev.velos.model.ProcessStatus;
import dev.velos.model.VelosException;

/**
 * {@code velos start <name|id|name:*|all>} of apps the daemon already knows (issue 25): what
 * {@code pm2 start api} and {@code supervisorctl start api} do after a stop. The daemon resolves
 * the word ({@code start.existing}) and starts each stopped or errored app of it with its stored
 * settings; a running one is left alone and reported. A word the daemon does not know is a script
 * after all, and the caller goes on with it; only if that script is not found either are the
 * daemon's app names fetched, for the "did you mean".
 *
 * <p>Only a bare word is asked about: a path ({@code ./api}, {@code app.js}) is always a file, and a word given
 * with settings ({@code velos start api --cwd /srv}) describes a new app.
 */
final class KnownAppStart {
    private final CliContext context;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    /** Set once a running daemon said the word names no app: a script not found either then lists the apps. */
    private java.time.Duration askedDaemon;

    KnownAppStart(CliContext context, PrintWriter out, PrintWriter err, boolean json) {
        this.context = context;
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /**
     * Whether {@code word} may name an app rather than a file: not a path ({@code ./api},
     * {@code app.js}), which is always a script and costs no extra round trip to the daemon.
     */
    static boolean mayName(String word) {
        return !word.isBlank() && !Scripts.looksLikePath(word);
    }

    /**
     * Starts the apps {@code word} names through {@code client} and prints the outcome, or returns
     * empty (printing nothing) when the daemon knows no app by that word.
     */
    Optional<Integer> start(VelosClient client, String word) {
        Map<String, Boolean> idleBefore = new HashMap<>();
        try {
            // The target's apps only (the daemon resolves the word); NOT_FOUND: no app by that word.
            client.info(word).forEach(v -> idleBefore.put(v.name(), ProcessStatus.ofCode(v.status()).isStartable()));
        } catch (VelosException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            return Optional.empty();
        }
        List<ProcessView> after = client.startExisting(word);
        print(word, after, idleBefore);
        Path file = context.cwd().resolve(word);
        if (Files.exists(file) && !json) {
            err.println("[velos] '" + word + "' is also a file here; to start the file instead: velos start ./"
                    + word);
        }
        return Optional.of(ExitCode.OK);
    }

    /** {@link #start(VelosClient, String)} when a daemon runs; without one no app is known yet. */
    Optional<Integer> startIfRunning(java.time.Duration timeout, String word) {
        VelosClient client;
        try {
            client = VelosClient.connect(context.socket(), timeout);
        } catch (DaemonUnavailableException e) {
            return Optional.empty();
        }
        try (client) {
            Optional<Integer> started = start(client, word);
            if (started.isEmpty()) {
                askedDaemon = timeout;
            }
            return started;
        }
    }

    /**
     * A script that was not found either: the same error, saying the word is no known app, with the
     * close app names, if any.
     */
    CliException notFound(String word, CliException scriptNotFound) {
        List<String> knownNames = askedDaemon == null ? List.of() : knownNames(askedDaemon);
        if (knownNames.isEmpty()) {
            return scriptNotFound;
        }
        String suggestion = Spelling.closest(word, knownNames).map(n -> "Did you mean the app '" + n + "'? velos start " + n)
                .orElse("Known apps: " + String.join(", ", knownNames.stream().limit(10).toList())
                        + (knownNames.size() > 10 ? ", …" : "") + ".");
        return new CliException("'" + word + "' is neither an app velos knows nor a script: " + scriptNotFound.getMessage(),
                suggestion);
    }

    /** The apps' names, asked only on this error path (a start that goes on needs none). */
    private List<String> knownNames(java.time.Duration timeout) {
        try (VelosClient client = VelosClient.connect(context.socket(), timeout)) {
            return client.list().stream().map(v -> AppNames.baseOf(v.name())).distinct().toList();
        } catch (RuntimeException e) {
            return List.of(); // the suggestion is a courtesy: the script error stands on its own
        }
    }

    private void print(String word, List<ProcessView> views, Map<String, Boolean> idleBefore) {
        if (json) {
            JsonArray a = Json.array();
            JsonObject last = null;
            for (ProcessView v : views) {
                last = Json.object().put("id", v.id()).put("name", v.name()).put("pid", v.pid())
                        .put("already_running", !idleBefore.getOrDefault(v.name(), true));
                a.add(last);
            }
            out.println(views.size() == 1 && !word.equals(TargetCommand.ALL) ? Json.compact(last) : Json.pretty(a));
            return;
        }
        if (views.isEmpty()) {
            out.println("[velos] No processes to start");
        }
        for (ProcessView v : views) {
            String name = v.name();
            if (idleBefore.getOrDefault(v.name(), true)) {
                out.println("[velos] Started '" + name + "' (id=" + v.id() + ")");
            } else {
                out.println("[velos] '" + name + "' is already running (id=" + v.id() + ", pid " + v.pid() + ")");
            }
        }
    }
}
