// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a client's environment an app it starts inherits (DESIGN "App environment"): an
 * app gets the daemon's minimal base, then this, then its own env. PM2 users expect an app to
 * see the shell it was started from, so everything passes except what belongs to velos or to the
 * client's own service manager:
 * <ul>
 *   <li>every {@code VELOS_*} variable — velos's secrets ({@code VELOS_API_TOKEN},
 *       {@code VELOS_MCP_TOKEN}) and settings ({@code VELOS_HOME}, {@code VELOS_SOCKET},
 *       {@code VELOS_LAUNCHER}), and the variables the supervisor sets per child
 *       ({@code VELOS_APP}, {@code VELOS_IPC_FD}, {@code VELOS_INSTANCE_ID}), which a client
 *       started by velos would otherwise hand on; an app that needs one gets it in its own env;</li>
 *   <li>systemd's per-service variables ({@code NOTIFY_SOCKET}, {@code WATCHDOG_*},
 *       {@code LISTEN_*}, {@code INVOCATION_ID}): a CLI run from a unit must not make the app
 *       talk to that unit.</li>
 * </ul>
 * velos's tokens never reach an app from any side, its own env included (DESIGN: "never
 * velos's tokens"): a client that still sends its environment inside {@code env} (velos 0.1's
 * CLI) would otherwise hand them over. An app that must call the API reads the token file.
 */
final class ClientEnvironment {
    /** velos's secrets: never in an app's environment. */
    static final List<String> TOKENS = List.of("VELOS_API_TOKEN", "VELOS_MCP_TOKEN");
    private static final List<String> SERVICE_VARIABLES = List.of("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID",
            "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "INVOCATION_ID");

    private ClientEnvironment() {
    }

    /** {@code clientEnv} without velos's and the service manager's variables; empty for null (the client sent none). */
    static Map<String, String> inheritable(Map<String, String> clientEnv) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (clientEnv != null) {
            clientEnv.forEach((key, value) -> {
                if (!key.startsWith("VELOS_") && !SERVICE_VARIABLES.contains(key)) {
                    kept.put(key, value);
                }
            });
        }
        return kept;
    }

    /** The env an app's spec carries: the inheritable client environment with the app's own env over it. */
    static Map<String, String> forApp(Map<String, String> clientEnv, Map<String, String> appEnv) {
        Map<String, String> env = inheritable(clientEnv);
        if (appEnv != null) {
            env.putAll(appEnv);
        }
        TOKENS.forEach(env::remove);
        return env;
    }
}
