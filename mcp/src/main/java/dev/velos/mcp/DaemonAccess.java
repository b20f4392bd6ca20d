// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.velos.ipc.AuditRecord;
import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.Grant;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;

/**
 * How the tools reach the daemon: a fresh connection per tool call (a daemon restarted between
 * calls is simply found again). {@link #withStart} starts a daemon when none runs, as the CLI
 * does (REFERENCE §6.5); the starter comes from the CLI, which owns the daemon launcher.
 *
 * @param socket  the control socket
 * @param timeout bound of each daemon call
 * @param starter starts a detached daemon and returns once it answers, or throws
 */
public record DaemonAccess(Path socket, Duration timeout, Runnable starter) {
    static final String NOT_RUNNING = "the velos daemon is not running; process_start starts it "
            + "(or run 'velos daemon' in a terminal)";

    /** A connection whose requests the daemon leaves out of the audit trail: the tools record their own calls. */
    private VelosClient connect() {
        return VelosClient.connect(socket, timeout).auditedAs(AuditRecord.MCP);
    }

    /** Runs {@code work} on a connection to a running daemon. */
    <T> T with(Function<VelosClient, T> work) {
        try (VelosClient client = connect()) {
            return work.apply(client);
        }
    }

    /**
     * The call's {@code name_or_id}, once the session's apps are known to cover everything it
     * reaches (the daemon resolves it, as it will for the action: an id, a cluster's base name).
     */
    String target(ToolCall call) {
        String target = call.args().required("name_or_id", "the process name or id; process_list shows them");
        requireTarget(call.grant(), target);
        return target;
    }

    /** {@code work} on the call's checked {@code name_or_id} ({@link #target}), over one connection. */
    <T> T onTarget(ToolCall call, BiFunction<VelosClient, String, T> work) {
        String target = target(call);
        return with(c -> work.apply(c, target));
    }

    /** Throws {@link dev.velos.ipc.AccessDeniedException} unless {@code grant}'s apps cover all {@code target} reaches. */
    void requireTarget(Grant grant, String target) {
        grant.requireTarget(target, t -> with(c -> c.info(t)).stream().map(WireTypes.ProcessView::name).toList());
    }

    /** The processes {@code grant} may see, from {@code all}. */
    static List<WireTypes.ProcessView> visible(Grant grant, List<WireTypes.ProcessView> all) {
        return grant.seesEveryApp() ? all : all.stream().filter(v -> grant.sees(v.name())).toList();
    }

    /** Runs {@code work} on a connection, starting a daemon first if none answers. */
    <T> T withStart(Function<VelosClient, T> work) {
        VelosClient client;
        try {
            client = connect();
        } catch (DaemonUnavailableException notRunning) {
            try {
                starter.run();
            } catch (RuntimeException e) {
                throw new ToolException("could not start the velos daemon: " + e.getMessage()
                        + "; run 'velos daemon' in a terminal to see why");
            }
            client = connect();
        }
        try (VelosClient c = client) {
            return work.apply(c);
        }
    }
}
