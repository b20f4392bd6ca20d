// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.sys.CallState;
import dev.velos.sys.Fd;
import dev.velos.sys.Sockets;
import dev.velos.sys.SysException;

/**
 * systemd's readiness protocol from the daemon's side: when systemd runs {@code velos daemon}
 * as a {@code Type=notify} unit, it passes {@code NOTIFY_SOCKET} and waits for {@code READY=1}
 * there. The variables are the daemon's alone: {@link #withoutNotifyVariables} keeps them out of
 * the environment children start from (each child gets its own socket from the supervisor).
 */
final class SdNotify {
    static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    private static final List<String> DAEMON_ONLY = List.of(NOTIFY_SOCKET, "WATCHDOG_USEC", "WATCHDOG_PID");

    private SdNotify() {
    }

    /**
     * Sends {@code state} (e.g. {@code READY=1}) to {@code $NOTIFY_SOCKET} when it is set; returns
     * whether it was sent. A failure is reported, never fatal: the daemon serves either way.
     */
    static boolean send(Map<String, String> env, String state) {
        String target = env.get(NOTIFY_SOCKET);
        if (target == null || target.isBlank()) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            try (Fd fd = Sockets.socket(cs, Sockets.AF_UNIX, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC)) {
                Sockets.sendToUnix(cs, fd, target, state.getBytes(StandardCharsets.UTF_8));
                return true;
            }
        } catch (SysException e) {
            System.err.println("[velos-daemon] cannot notify systemd at " + target + ": " + e.getMessage());
            return false;
        }
    }

    /** {@code env} without systemd's per-service notification variables. */
    static Map<String, String> withoutNotifyVariables(Map<String, String> env) {
        Map<String, String> copy = new LinkedHashMap<>(env);
        DAEMON_ONLY.forEach(copy::remove);
        return copy;
    }
}
