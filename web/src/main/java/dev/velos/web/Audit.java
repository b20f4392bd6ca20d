// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.velos.ipc.AuditLog;
import dev.velos.ipc.AuditRecord;
import dev.velos.ipc.Operation;
import dev.velos.ipc.WireTypes;
import dev.velos.model.VelosException;

/**
 * The REST side of the audit trail (issue 23): every request to a mutating route, refused or
 * not, is appended with channel {@code rest} ({@code dashboard} when the dashboard's page sent it,
 * which it says with {@value #CLIENT_HEADER}), the token's actor and scope, the daemon command,
 * the target and the arguments (a start's environment values redacted by {@link AuditRecord}).
 * Routes that parse a body put what they parsed in the request's attributes {@value #ARGS} and
 * {@value #TARGET}; otherwise the target is the path's {@code {name}}.
 */
final class Audit {
    static final String ARGS = "velos.audit.args";
    static final String TARGET = "velos.audit.target";
    /** Set by the dashboard's page on its requests: only which channel to record, never a credential. */
    static final String CLIENT_HEADER = "X-Velos-Client";
    private static final System.Logger LOG = System.getLogger(Audit.class.getName());

    private final AuditLog log;

    Audit(AuditLog log) {
        this.log = log;
    }

    /** What a route does. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step}, then records it with its outcome; an exception is recorded and rethrown. */
    void around(Route.Exchange x, Operation operation, Step step) throws Exception {
        try {
            step.run();
        } catch (Exception e) {
            append(x, operation, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            throw e;
        }
        append(x, operation, "");
    }

    private void append(Route.Exchange x, Operation operation, String error) {
        String channel = "dashboard".equals(x.request().getHeaders().get(CLIENT_HEADER)) ? AuditRecord.DASHBOARD
                : AuditRecord.REST;
        String target = x.request().getAttribute(TARGET) instanceof String t ? t : x.params().getOrDefault("name", "");
        @SuppressWarnings("unchecked")
        Map<String, Object> args = x.request().getAttribute(ARGS) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        try {
            log.append(error.isEmpty() ? AuditRecord.succeeded(channel, x.grant(), operation.command(), target, args)
                    : AuditRecord.failed(channel, x.grant(), operation.command(), target, args, error));
        } catch (VelosException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage()); // the change happened; failing it now would lie
        }
    }

    /** What a start asked for, as the trail shows it (its environment's values are redacted when recorded). */
    static Map<String, Object> startArgs(WireTypes.StartArgs a) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("script", a.script());
        o.put("args", a.args() == null ? java.util.List.of() : a.args());
        o.put("cwd", a.cwd() == null ? "" : a.cwd());
        o.put("interpreter", a.interpreter() == null ? "" : a.interpreter());
        o.put("env", a.env() == null ? Map.of() : a.env());
        if (a.instances() != null) {
            o.put("instances", a.instances());
        }
        return o;
    }
}
