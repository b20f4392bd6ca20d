// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the daemon keeps its files: {@code $VELOS_HOME}, else {@code ~/.velos}. Clients connect to
 * {@code $VELOS_SOCKET} when set, else {@code <home>/velos.sock}. One place, so every client and
 * the daemon agree.
 */
public final class RuntimePaths {
    public static final String SOCKET_FILE = "velos.sock";

    private RuntimePaths() {
    }

    public static Path home() {
        return home(System.getenv());
    }

    static Path home(Map<String, String> env) {
        String explicit = env.get("VELOS_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        String userHome = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(userHome, ".velos").toAbsolutePath().normalize();
    }

    /** The socket clients use. */
    public static Path socket() {
        return socket(System.getenv());
    }

    static Path socket(Map<String, String> env) {
        String explicit = env.get("VELOS_SOCKET");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        return home(env).resolve(SOCKET_FILE);
    }
}
