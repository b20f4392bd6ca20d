// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.List;

import dev.velos.ipc.TokenInfo;
import dev.velos.ipc.TokenStore;

import picocli.CommandLine.Command;

/** {@code velos token list}: every named token, oldest first: id, scope, apps, creation time; never a secret. */
@Command(name = "list")
final class TokenListCommand extends LocalCommand {
    @Override
    int execute() {
        List<TokenInfo> tokens = TokenStore.in(context().home()).list();
        if (json) {
            JsonArray a = Json.array();
            tokens.forEach(t -> a.add(TokenCommand.json(t)));
            out().println(Json.pretty(a));
        } else if (tokens.isEmpty()) {
            out().println("[velos] No tokens. Create one with: velos token create --scope read");
        } else {
            Style style = style();
            Table table = new Table(List.of("id", "scope", "apps", "created"));
            tokens.forEach(t -> table.row(t.id(), t.scope().wireName(), TokenCommand.apps(t), t.created().toString()));
            out().print(table.render(style::boldWhite, (column, row, padded) -> padded));
        }
        return ExitCode.OK;
    }
}
