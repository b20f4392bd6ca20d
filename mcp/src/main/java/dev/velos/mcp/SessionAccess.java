// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.modelcontextprotocol.common.McpTransportContext;

import dev.velos.ipc.AuditLog;
import dev.velos.ipc.AuditRecord;
import dev.velos.ipc.Grant;
import dev.velos.model.VelosException;

/**
 * What each MCP session may do, and the audit trail of what sessions change (issue 23).
 *
 * <ul>
 * <li>stdio: one session, the user's own process talking to its parent; its {@link Grant} comes
 * from the server's options ({@code --scope}, {@code --apps}) and its actor is {@code uid:<n>}.
 * <li>Streamable HTTP: every request carries a token, and {@link RequestGuard} puts the token's
 * grant in the request's transport context ({@value #GRANT_KEY}), so each call is judged by the
 * token it came with, and a revoked token stops working at its next request. The guard also notes
 * the grant of each session id, for what the server sends unasked (notifications), and that grant
 * is re-checked against the token store before every send.
 * </ul>
 */
final class SessionAccess {
    /** The transport-context key of a request's {@link Grant}. */
    static final String GRANT_KEY = "velos.grant";
    private static final System.Logger LOG = System.getLogger(SessionAccess.class.getName());

    private final Optional<Grant> fixed;
    private final Map<String, Grant> sessions = new ConcurrentHashMap<>();
    private final Predicate<Grant> stillValid;
    private final AuditLog audit;

    private SessionAccess(Optional<Grant> fixed, Predicate<Grant> stillValid, AuditLog audit) {
        this.fixed = fixed;
        this.stillValid = stillValid;
        this.audit = audit;
    }

    /** The one stdio session, with {@code grant}. */
    static SessionAccess stdio(Grant grant, AuditLog audit) {
        return new SessionAccess(Optional.of(grant), g -> true, audit);
    }

    /** HTTP sessions, each request with its token's grant; {@code stillValid} says whether a grant's token still exists. */
    static SessionAccess http(Predicate<Grant> stillValid, AuditLog audit) {
        return new SessionAccess(Optional.empty(), stillValid, audit);
    }

    /** The grant of a request; empty only when the transport did not say (then nothing is allowed). */
    Optional<Grant> grant(McpTransportContext context) {
        if (fixed.isPresent()) {
            return fixed;
        }
        return context.get(GRANT_KEY) instanceof Grant g ? Optional.of(g) : Optional.empty();
    }

    /** The grant a session's latest request came with, if its token is still valid: whom notifications may reach. */
    Optional<Grant> sessionGrant(String sessionId) {
        return fixed.or(() -> Optional.ofNullable(sessions.get(sessionId))).filter(stillValid);
    }

    /** Notes that a request of {@code sessionId} came with {@code grant}. */
    void seen(String sessionId, Grant grant) {
        if (fixed.isEmpty()) {
            sessions.put(sessionId, grant);
        }
    }

    /** Forgets a session its client ended. */
    void ended(String sessionId) {
        sessions.remove(sessionId);
    }

    /** Appends to the audit trail; a failure is logged, not thrown: the change it records has happened. */
    void audit(AuditRecord record) {
        try {
            audit.append(record);
        } catch (VelosException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
    }

    AuditLog auditLog() {
        return audit;
    }
}
