// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;

import dev.velos.ipc.IssuedToken;
import dev.velos.ipc.Scope;
import dev.velos.ipc.TokenStore;
import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code velos token create --scope S [--apps a,b] [--name ID]}: makes a token and prints its
 * secret on stdout, alone on its line ({@code T=$(velos token create ...)} captures it), and only
 * this once: the store keeps a SHA-256 of it, which stderr says, with how to send it.
 */
@Command(name = "create")
final class TokenCreateCommand extends LocalCommand {
    @Option(names = "--scope", required = true, paramLabel = "<scope>", descriptionKey = "token.scope",
            completionCandidates = ScopeNames.class)
    String scope;

    @Option(names = "--apps", paramLabel = "<name>", split = ",", descriptionKey = "token.apps")
    List<String> apps = new ArrayList<>();

    @Option(names = "--name", paramLabel = "<id>", descriptionKey = "token.name")
    String name;

    @Override
    int execute() {
        TokenStore store = TokenStore.in(context().home());
        IssuedToken issued;
        try {
            Scope chosen = Scope.parse(scope);
            List<String> limited = apps.stream().map(String::strip).filter(a -> !a.isEmpty()).distinct().toList();
            issued = name == null ? store.create(chosen, limited) : store.create(name, chosen, limited);
        } catch (VelosException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            throw e;
        }
        if (json) {
            out().println(Json.pretty(TokenCommand.json(issued.token()).put("secret", issued.secret())));
        } else {
            out().println(issued.secret());
        }
        out().flush();
        err().println("[velos] Created token '" + issued.token().id() + "' (scope " + issued.token().scope().wireName()
                + ", apps " + TokenCommand.apps(issued.token()) + "). Its secret is printed this once: "
                + store.file() + " keeps only its SHA-256.");
        err().println("  Clients send it as 'Authorization: Bearer <secret>'; 'velos token revoke "
                + issued.token().id() + "' ends it.");
        return ExitCode.OK;
    }
}
