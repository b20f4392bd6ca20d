// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.List;
import java.util.function.Function;

import dev.velos.model.AppNames;
import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * What one caller may do (issue 23): its {@link Scope}, and the apps it may see and touch (empty:
 * every app). {@code actor} says who it is in messages and in the audit trail: {@code token:<id>}
 * for a named token, {@code token:api.token} for a server's own token, {@code uid:<n>} for a
 * local session (stdio MCP), {@code anonymous} for the reads a server leaves open.
 *
 * <p>An app restriction names base names: {@code api} covers {@code api} and its cluster
 * instances {@code api:0}, {@code api:1}... A target that could reach beyond the listed apps
 * ({@code all}, or a name the daemon resolves to another app) is refused.
 *
 * @param actor who is asking
 * @param scope what it may do
 * @param apps  the base names it may see and touch; empty for every app
 */
public record Grant(String actor, Scope scope, List<String> apps) {
    public static final String ANONYMOUS = "anonymous";

    public Grant {
        apps = List.copyOf(apps);
        apps.forEach(AppNames::requireValid);
    }

    /** Reads of the paths a server leaves open (no token given). */
    public static Grant anonymous() {
        return new Grant(ANONYMOUS, Scope.READ, List.of());
    }

    /** A local session of this process's own user (stdio MCP): {@code uid:<n>}. */
    public static Grant local(Scope scope, List<String> apps) {
        return new Grant("uid:" + ApiToken.ownUid(), scope, apps);
    }

    /** Whether the scope allows {@code operation}. */
    public boolean allows(Operation operation) {
        return scope.includes(operation.scope());
    }

    /** Throws {@link AccessDeniedException} unless the scope allows {@code operation}; {@code what} names it ("process_restart"). */
    public void require(Operation operation, String what) {
        if (!allows(operation)) {
            throw new AccessDeniedException(what + " needs the '" + operation.scope().wireName() + "' scope; this "
                    + "session's scope is '" + scope.wireName() + "'" + (actor.startsWith("token:")
                    ? " (use a token created with --scope " + operation.scope().wireName() + ")"
                    : " (start the server with --scope " + operation.scope().wireName() + ")"));
        }
    }

    /** Whether every app is visible (no {@code --apps} restriction). */
    public boolean seesEveryApp() {
        return apps.isEmpty();
    }

    /** Whether {@code name} (a name or a cluster instance name) is one of the apps. */
    public boolean sees(String name) {
        return apps.isEmpty() || apps.contains(AppNames.baseOf(name));
    }

    /**
     * Throws {@link AccessDeniedException} unless everything {@code target} reaches is among the
     * apps. {@code resolve} asks the daemon which names a target reaches (the daemon owns target
     * resolution: a number may be an id, a base name may mean every instance); a target it does
     * not know passes only when it names a listed app, so a refusal never tells whether an app
     * outside the list exists.
     */
    public void requireTarget(String target, Function<String, List<String>> resolve) {
        if (apps.isEmpty()) {
            return;
        }
        if (target.equals("all")) {
            throw outside("'all'");
        }
        List<String> names;
        try {
            names = resolve.apply(target);
        } catch (VelosException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            names = List.of();
        }
        if (names.isEmpty() ? !sees(target) : !names.stream().allMatch(this::sees)) {
            throw outside("process '" + target + "'");
        }
    }

    /** Throws {@link AccessDeniedException} unless {@code name} is one of the apps (for a new app's name). */
    public void requireApp(String name) {
        if (!sees(name)) {
            throw outside("process '" + name + "'");
        }
    }

    private AccessDeniedException outside(String what) {
        return new AccessDeniedException(what + " is outside the apps this session may use (" + String.join(", ", apps)
                + ")");
    }
}
