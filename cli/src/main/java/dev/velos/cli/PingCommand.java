// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.time.Duration;

import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.Pong;

import picocli.CommandLine.Command;

/**
 * {@code velos ping}: is the daemon there and answering? Unlike the other commands it never
 * starts one: a health check that starts what it checks would always succeed.
 */
@Command(name = "ping")
final class PingCommand extends ClientCommand {
    /** A health check answers at once (without the event loop), or the daemon is not healthy. */
    @Override
    Duration callTimeout() {
        return context().pingTimeout();
    }

    @Override
    int execute() {
        Pong pong;
        try (VelosClient client = connectIfRunning()) {
            pong = client.ping();
        } catch (DaemonUnavailableException e) {
            throw new CliException(e.getMessage(),
                    "Start it with: velos daemon (any command such as 'velos list' also starts it in the background)",
                    ExitCode.RUNTIME, e);
        }
        if (json) {
            out().println(Json.compact(Json.object().put("pong", true).put("version", pong.version()).put("pid", pong.pid())
                    .put("uptime_ms", pong.uptimeMs())));
        } else {
            out().println("[velos] pong");
        }
        return ExitCode.OK;
    }
}
