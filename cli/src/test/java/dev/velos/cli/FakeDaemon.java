// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.velos.ipc.IpcServer;
import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * A daemon stand-in on a real socket (the real {@link IpcServer} and wire format): it records
 * each request and answers from per-command functions, so the CLI is tested end to end without
 * spawning anything.
 */
final class FakeDaemon implements AutoCloseable {
    record Request(String cmd, JsonNode args) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<JsonNode, Object>> answers = new ConcurrentHashMap<>();
    private final IpcServer server;

    FakeDaemon(Path socket) {
        server = IpcServer.start(socket, (cmd, payload) -> {
            // A tree for the tests' assertions (databind is fine in a test; the CLI itself never loads it).
            JsonNode args = JSON.valueToTree(payload.value());
            requests.add(new Request(cmd, args));
            Function<JsonNode, Object> answer = answers.get(cmd);
            if (answer == null) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "unexpected command " + cmd);
            }
            return answer.apply(args);
        });
    }

    FakeDaemon on(String cmd, Function<JsonNode, Object> answer) {
        answers.put(cmd, answer);
        return this;
    }

    FakeDaemon fail(String cmd, ErrorCode code, String message) {
        return on(cmd, args -> {
            throw new VelosException(code, message);
        });
    }

    List<String> commands() {
        return requests.stream().map(Request::cmd).toList();
    }

    Request last(String cmd) {
        return requests.reversed().stream().filter(r -> r.cmd().equals(cmd)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + cmd + " request in " + commands()));
    }

    @Override
    public void close() {
        server.close();
    }
}
