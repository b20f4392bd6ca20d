// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.lang.foreign.Arena;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import dev.velos.model.ProcessInfo;
import dev.velos.supervisor.HandoverChannel;
import dev.velos.supervisor.HandoverCodec;
import dev.velos.supervisor.Supervisor;
import dev.velos.sys.CallState;
import dev.velos.sys.Fd;
import dev.velos.sys.Fds;

/**
 * A daemon started by {@link DaemonRestart}, the successor's side of the hand-over
 * (docs/HANDOVER.md §2): the socket to the old daemon is at the fd named by
 * {@value DaemonRestart#FD_VARIABLE}. It says it is ready, receives the manifest and the fds,
 * rebuilds the table ({@link Supervisor#takeOver}) and, once the daemon has taken the control
 * socket's path, accepts — or refuses with the reason, and the old daemon carries on.
 */
final class Successor {
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(60);

    private final Fd socket;

    private Successor(Fd socket) {
        this.socket = socket;
    }

    /** The hand-over socket when this daemon was started as a successor. */
    static Optional<Successor> fromEnvironment(Map<String, String> env) {
        OptionalInt fd = parse(env.get(DaemonRestart.FD_VARIABLE));
        if (fd.isEmpty()) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            // Inherited without close-on-exec (that is how it got here): no app started from now on may get it.
            Fds.fcntl(CallState.allocate(arena), fd.getAsInt(), Fds.F_SETFD, Fds.FD_CLOEXEC);
        }
        return Optional.of(new Successor(Fd.of(fd.getAsInt())));
    }

    private static OptionalInt parse(String value) {
        if (value == null || !value.matches("\\d{1,4}")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(value));
    }

    /** Tells the old daemon this one is up, receives its table and takes it over; the apps are this daemon's from here. */
    List<ProcessInfo> takeOver(Supervisor supervisor) {
        HandoverChannel.announceReady(socket);
        HandoverChannel.Received received = HandoverChannel.receive(socket, RECEIVE_TIMEOUT);
        return supervisor.takeOver(HandoverCodec.decode(received.manifest(), StateSpecCodec.INSTANCE), received.fds()).join();
    }

    /** The old daemon may commit and exit. */
    void accept() {
        HandoverChannel.answer(socket, Optional.empty());
        socket.close();
    }

    /** The old daemon aborts and carries on with every app; best effort (it also notices this process's exit). */
    void refuse(Throwable why) {
        try {
            HandoverChannel.answer(socket, Optional.of(String.valueOf(why.getMessage())));
        } catch (RuntimeException e) {
            // The old daemon sees the socket close when this process exits.
        }
    }
}
