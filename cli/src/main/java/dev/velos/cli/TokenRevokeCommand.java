// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import dev.velos.ipc.TokenInfo;
import dev.velos.ipc.TokenStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code velos token revoke <id>}: removes a token from the store; every server refuses it (401)
 * from its next request on, open MCP sessions included. An unknown id is a runtime error (exit 1)
 * whose hint is {@code velos token list}.
 */
@Command(name = "revoke")
final class TokenRevokeCommand extends LocalCommand {
    @Parameters(index = "0", paramLabel = "<id>", descriptionKey = "token.id")
    String id;

    @Override
    int execute() {
        TokenInfo revoked = TokenStore.in(context().home()).revoke(id);
        if (json) {
            out().println(Json.pretty(TokenCommand.json(revoked)));
        } else {
            out().println("[velos] Revoked token '" + revoked.id() + "' (scope " + revoked.scope().wireName() + ", apps "
                    + TokenCommand.apps(revoked) + "): servers refuse it from their next request on.");
        }
        return ExitCode.OK;
    }
}
