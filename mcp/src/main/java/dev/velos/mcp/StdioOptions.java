// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.velos.ipc.RuntimePaths;
import dev.velos.ipc.Scope;

/**
 * What a stdio session may do ({@code velos mcp-server --scope <scope> --apps <a,b>}) and where
 * its runtime directory is (for the audit trail).
 *
 * <p>The default scope is {@code operate}, not {@code admin}: an agent wired to velos usually needs
 * to look, restart and tune, and rarely to run new commands, while {@code process_start} and a
 * {@code config_set} of the command or environment run arbitrary code as the user. A prompt
 * injection in a log line the agent reads must not be one tool call away from that. Giving an
 * agent {@code admin} is a deliberate {@code --scope admin}.
 *
 * @param scope what the session may do
 * @param apps  the apps it may see and touch (base names; empty for every app)
 * @param home  the runtime directory, where {@code audit.log} is
 */
public record StdioOptions(Scope scope, List<String> apps, Path home) {
    public static final Scope DEFAULT_SCOPE = Scope.OPERATE;

    public StdioOptions {
        apps = List.copyOf(apps);
    }

    /** {@code operate} on every app, in the default runtime directory. */
    public static StdioOptions defaults() {
        return new StdioOptions(DEFAULT_SCOPE, List.of(), RuntimePaths.home());
    }

    /**
     * The options from the command line's words: {@code scope} as given to {@code --scope} (empty:
     * the default), {@code apps} as given to {@code --apps}, comma-separated, possibly repeated.
     * Throws {@link dev.velos.model.VelosException} (INVALID_ARGUMENT) for an unknown scope or a bad name.
     */
    public static StdioOptions parse(String scope, List<String> apps, Path home) {
        List<String> names = apps.stream().flatMap(a -> Arrays.stream(a.split(","))).map(String::strip)
                .filter(a -> !a.isEmpty()).distinct().toList();
        names.forEach(dev.velos.model.AppNames::requireValid);
        return new StdioOptions(scope.isBlank() ? DEFAULT_SCOPE : Scope.parse(scope), names, home);
    }
}
