// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.concurrent.Callable;

import dev.velos.ipc.TokenInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/**
 * {@code velos token create|list|revoke}: the named, scoped bearer tokens that {@code velos api},
 * {@code velos metrics} and {@code velos mcp-server --port} accept besides their own (issue 23),
 * kept in the runtime directory's {@link dev.velos.ipc.TokenStore}. No daemon is involved: the
 * servers notice a change of the store at their next request, so a revocation needs no restart.
 */
@Command(name = "token", subcommands = {TokenCreateCommand.class, TokenListCommand.class, TokenRevokeCommand.class})
final class TokenCommand extends BaseCommand implements Callable<Integer> {
    /** {@code velos token} alone names no action: a usage error that lists them. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "velos token needs a command: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** A token as {@code --json} shows it: never its secret, which only {@code create} prints, once. */
    static JsonObject json(TokenInfo token) {
        JsonObject o = Json.object();
        o.put("id", token.id());
        o.put("scope", token.scope().wireName());
        JsonArray apps = o.putArray("apps");
        token.apps().forEach(apps::add);
        o.put("created", token.created().toString());
        return o;
    }

    /** The apps a token is limited to, for people: {@code api, worker}, or {@code all} when it is not limited. */
    static String apps(TokenInfo token) {
        return token.apps().isEmpty() ? "all" : String.join(", ", token.apps());
    }
}
