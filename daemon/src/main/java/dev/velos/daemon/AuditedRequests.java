// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.velos.ipc.AuditLog;
import dev.velos.ipc.AuditRecord;
import dev.velos.ipc.Commands;
import dev.velos.ipc.Grant;
import dev.velos.ipc.Messages;
import dev.velos.ipc.Payload;
import dev.velos.ipc.RequestHandler;
import dev.velos.ipc.Scope;
import dev.velos.model.VelosException;

/**
 * The audit trail's {@code cli} channel (issue 23): every state-changing request that reaches the
 * socket from a plain client — the CLI, a script using {@code VelosClient} — is appended to
 * {@code audit.log} once it is answered, with its result. Requests that carry an {@code origin}
 * come from {@code velos api} or {@code velos mcp-server}, which record them themselves with the
 * token and scope they were made under, so they are not recorded twice.
 *
 * <p>Only the daemon's own user reaches the socket (SO_PEERCRED, {@code IpcServer}), so the actor
 * is that uid and the scope {@code admin}. A record that cannot be written is logged and never
 * fails the request: the change has happened either way.
 */
final class AuditedRequests implements RequestHandler {
    private static final System.Logger LOG = System.getLogger(AuditedRequests.class.getName());
    /** What changes state: starts, stops, deletes, settings, signals, saves, the daemon's end. */
    private static final Set<String> AUDITED = Set.of(Commands.START, Commands.START_MANY, Commands.START_EXISTING,
            Commands.STOP, Commands.RESTART, Commands.RELOAD, Commands.RUN_NOW, Commands.DELETE, Commands.SCALE, Commands.CONFIG_SET,
            Commands.SIGNAL, Commands.SAVE, Commands.RESURRECT, Commands.KILL, Commands.LOGS_FLUSH, Commands.DAEMON_RESTART,
            Commands.RESET);

    private final RequestHandler commands;
    private final AuditLog audit;
    private final Grant localUser = Grant.local(Scope.ADMIN, List.of());

    AuditedRequests(RequestHandler commands, AuditLog audit) {
        this.commands = commands;
        this.audit = audit;
    }

    @Override
    public Object handle(String cmd, Payload args) {
        return handle(new Messages.Request(0, cmd, args));
    }

    @Override
    public Object handle(Messages.Request request) {
        if (!request.origin().isEmpty() || !AUDITED.contains(request.cmd())) {
            return commands.handle(request.cmd(), request.args());
        }
        Map<String, Object> args = arguments(request.args());
        String target = target(args);
        try {
            Object result = commands.handle(request.cmd(), request.args());
            record(AuditRecord.succeeded(AuditRecord.CLI, localUser, request.cmd(), target, args));
            return result;
        } catch (dev.velos.ipc.HandingOverException e) {
            if (e.notRun()) {
                throw e; // refused before anything was done: the successor records it when the client asks again
            }
            record(AuditRecord.failed(AuditRecord.CLI, localUser, request.cmd(), target, args, e.getMessage()));
            throw e;
        } catch (RuntimeException e) {
            String why = e instanceof VelosException v && v.getMessage() != null ? v.getMessage() : e.toString();
            record(AuditRecord.failed(AuditRecord.CLI, localUser, request.cmd(), target, args, why));
            throw e;
        }
    }

    private void record(AuditRecord record) {
        try {
            audit.append(record);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot append to the audit trail " + audit.file() + ": " + e.getMessage());
        }
    }

    /** The request's arguments as plain values, unset ones left out (the record redacts env values); none when not a map. */
    private static Map<String, Object> arguments(Payload args) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            if (args.value() instanceof Map<?, ?> map) {
                map.forEach((k, v) -> {
                    if (v != null) { // settings the client left to the daemon's defaults
                        out.put(String.valueOf(k), v);
                    }
                });
            }
        } catch (RuntimeException e) {
            // Undecodable: the command itself will say so; the record keeps no arguments.
        }
        return out;
    }

    /** What the request acts on, as the audit trail names it: its target, else the app it names, else "". */
    private static String target(Map<String, Object> args) {
        for (String key : List.of("target", "name")) {
            if (args.get(key) instanceof String s) {
                return s;
            }
        }
        return args.get("apps") instanceof List<?> apps ? apps.size() + " apps" : "";
    }
}
