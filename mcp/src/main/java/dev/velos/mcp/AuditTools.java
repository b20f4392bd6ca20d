// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.List;

import dev.velos.ipc.AuditLog;
import dev.velos.ipc.AuditQuery;
import dev.velos.ipc.AuditRecord;
import dev.velos.ipc.Grant;
import dev.velos.ipc.Operation;

/**
 * {@code audit_read}: the newest records of the audit trail (who changed what, from which
 * channel, with what result), for an agent that must explain what happened to an app. A session
 * limited to some apps reads only the records about them.
 */
final class AuditTools {
    static final int DEFAULT_LIMIT = 50;
    private static final List<String> CHANNELS = List.of(AuditRecord.CLI, AuditRecord.REST, AuditRecord.DASHBOARD,
            AuditRecord.MCP);

    private final AuditLog audit;

    AuditTools(AuditLog audit) {
        this.audit = audit;
    }

    Tool tool() {
        return new Tool("audit_read", "Reads the audit trail: every state-changing request (start, stop, restart, "
                + "reload, delete, scale, config.set) made through the CLI, the REST API, the dashboard or MCP, newest "
                + "last, as [{time, channel, actor, scope, command, target, args, result, error}]; environment values are "
                + "redacted. Use it to find out who or what restarted or changed a process, and when.",
                Schemas.object(Schemas.properties(
                        "app", Schemas.string("Only records about this process (and its cluster instances)."),
                        "since", Schemas.string("Only records at or after this time: 30s, 15m, 2h, 7d ago, or epoch milliseconds."),
                        "until", Schemas.string("Only records at or before this time: same forms as since."),
                        "channel", Schemas.string("Only records from this channel: cli, rest, dashboard or mcp."),
                        "limit", Schemas.integer("How many of the newest matching records (at most " + AuditQuery.MAX_LIMIT
                                + ").", DEFAULT_LIMIT))),
                Operation.AUDIT_READ, this::read);
    }

    private Object read(ToolCall call) {
        ToolArgs args = call.args();
        long now = System.currentTimeMillis();
        String channel = args.optional("channel").orElse("");
        if (!channel.isEmpty() && !CHANNELS.contains(channel)) {
            throw new ToolException("unknown channel '" + channel + "': use " + String.join(", ", CHANNELS));
        }
        AuditQuery query = new AuditQuery(LogTools.time(args, "since", now, 0L), LogTools.time(args, "until", now, 0L),
                apps(call.grant(), args), channel, args.count("limit", DEFAULT_LIMIT));
        return audit.read(query).stream().map(AuditRecord::toJson).toList();
    }

    /** The apps asked for, within the session's: a limited session never reads about other apps. */
    private static List<String> apps(Grant grant, ToolArgs args) {
        return args.optional("app").map(app -> {
            grant.requireApp(app);
            return List.of(dev.velos.model.AppNames.baseOf(app));
        }).orElse(grant.apps());
    }
}
