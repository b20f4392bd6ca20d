// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.velos.model.ProcessInfo;
import dev.velos.sys.CallState;
import dev.velos.sys.Fd;
import dev.velos.sys.Fds;

/**
 * The successor of {@link HandoverDaemonMain}: takes over through the socket at fd 3, answers,
 * writes {@code successor.txt} ({@code pid=<its pid> <name>=<pid>...}) to the status directory,
 * then supervises until a {@code stop} file appears there, and stops every app on the way out.
 *
 * <p>Arguments: runtime directory, log file, status directory.
 */
public final class HandoverSuccessorMain {
    private HandoverSuccessorMain() {
    }

    public static void main(String[] args) throws Exception {
        Path runtime = Path.of(args[0]);
        Path log = Path.of(args[1]);
        Path status = Path.of(args[2]);
        Fd socket = Fd.of(Integer.parseInt(System.getenv("HANDOVER_FD")));
        try (Arena arena = Arena.ofConfined()) {
            Fds.fcntl(CallState.allocate(arena), socket.value(), Fds.F_SETFD, Fds.FD_CLOEXEC); // an inherited fd: no child gets it
        }
        Supervisor supervisor = Supervisor.builder().runtimeDirectory(runtime).logSink(HandoverApps.fileSink(log, "new")).build();
        HandoverChannel.announceReady(socket);
        List<ProcessInfo> taken;
        try {
            HandoverChannel.Received received = HandoverChannel.receive(socket, Duration.ofSeconds(30));
            taken = supervisor.takeOver(HandoverCodec.decode(received.manifest(), HandoverApps.SPECS), received.fds()).join();
        } catch (RuntimeException e) {
            HandoverChannel.answer(socket, Optional.of(e.toString()));
            throw e;
        }
        HandoverChannel.answer(socket, Optional.empty());
        socket.close();
        Files.writeString(status.resolve("successor.txt"), "pid=" + ProcessHandle.current().pid() + " "
                + taken.stream().map(i -> i.name() + "=" + i.pid()).collect(Collectors.joining(" ")) + "\n");
        while (!Files.exists(status.resolve("stop"))) {
            Thread.sleep(50);
        }
        supervisor.close();
    }
}
