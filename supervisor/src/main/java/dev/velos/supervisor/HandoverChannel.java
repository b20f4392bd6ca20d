// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.velos.model.ErrorCode;
import dev.velos.sys.CallState;
import dev.velos.sys.Epoll;
import dev.velos.sys.Fd;
import dev.velos.sys.FdPassing;
import dev.velos.sys.SysException;

/**
 * The hand-over's wire (issue 20, docs/HANDOVER.md): a connected {@code AF_UNIX SOCK_SEQPACKET}
 * socket between a supervisor and its successor — typically a socketpair whose one end the old
 * daemon gives the successor it spawns. Message boundaries hold on a seqpacket socket, so each
 * message arrives whole with its own fds:
 * <pre>
 *   new → old   'R'                                    ready to receive (optional, see {@link #awaitReady})
 *   old → new   'H' u32 manifestBytes u32 fdCount      header
 *   old → new   'D' bytes...                           manifest, in pieces of at most 60 KiB
 *   old → new   'F' + up to 250 fds (SCM_RIGHTS)       the fds, in order
 *   new → old   'A'                                    taken over: the old one commits
 *            or 'E' utf-8 reason                       refused: the old one aborts and carries on
 * </pre>
 * Every call blocks: platform threads only, never the event loop.
 */
public final class HandoverChannel {
    private static final int CHUNK = 60 * 1024;
    private static final int FDS_PER_MESSAGE = 250;
    private static final byte HEADER = 'H';
    private static final byte DATA = 'D';
    private static final byte FDS = 'F';
    private static final byte READY = 'R';
    private static final byte ACCEPTED = 'A';
    private static final byte REFUSED = 'E';

    private HandoverChannel() {
    }

    /** What the successor received: the manifest bytes and the fds, which it now owns. */
    public record Received(byte[] manifest, List<Fd> fds) {
    }

    /**
     * The successor's first word: it has started and built its supervisor, and now waits for the
     * manifest. Its predecessor parks its loop only after this ({@link #awaitReady}), so the
     * successor's start-up (a JVM's: seconds) is not spent with nobody reading the apps' output.
     */
    public static void announceReady(Fd socket) {
        try (Arena arena = Arena.ofConfined()) {
            FdPassing.send(CallState.allocate(arena), socket, new byte[] {READY}, List.of());
        }
    }

    /**
     * Waits for the successor's {@link #announceReady}: call it before
     * {@link Supervisor#beginHandover}. Throws when the successor died (EOF), said something else,
     * or nothing within {@code timeout}: nothing was parked yet, so there is nothing to abort.
     */
    public static void awaitReady(Fd socket, Duration timeout) {
        byte[] buffer = new byte[CHUNK + 1];
        if (word(socket, buffer, timeout) != 1 || buffer[0] != READY) {
            throw broken("the successor did not say it was ready");
        }
    }

    /** Sends {@code manifest} and {@code fds} (copies: the sender keeps its own until it commits). */
    public static void send(Fd socket, byte[] manifest, List<Fd> fds) {
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            FdPassing.send(cs, socket, ByteBuffer.allocate(9).put(HEADER).putInt(manifest.length).putInt(fds.size()).array(),
                    List.of());
            for (int off = 0; off < manifest.length; off += CHUNK) {
                int n = Math.min(CHUNK, manifest.length - off);
                byte[] message = new byte[n + 1];
                message[0] = DATA;
                System.arraycopy(manifest, off, message, 1, n);
                FdPassing.send(cs, socket, message, List.of());
            }
            for (int off = 0; off < fds.size(); off += FDS_PER_MESSAGE) {
                FdPassing.send(cs, socket, new byte[] {FDS}, fds.subList(off, Math.min(fds.size(), off + FDS_PER_MESSAGE)));
            }
        }
    }

    /** Receives a hand-over sent by {@link #send}; a broken or short stream closes what arrived and throws. */
    public static Received receive(Fd socket, Duration timeout) {
        List<Fd> fds = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            byte[] buffer = new byte[CHUNK + 1];
            FdPassing.Received header = next(cs, socket, buffer, timeout, fds);
            ByteBuffer h = ByteBuffer.wrap(buffer, 0, header.bytes());
            if (header.bytes() != 9 || h.get() != HEADER) {
                throw broken("no header");
            }
            byte[] manifest = new byte[h.getInt()];
            int fdCount = h.getInt();
            int have = 0;
            while (have < manifest.length) {
                FdPassing.Received data = next(cs, socket, buffer, timeout, fds);
                if (buffer[0] != DATA || have + data.bytes() - 1 > manifest.length) {
                    throw broken("bad manifest piece");
                }
                System.arraycopy(buffer, 1, manifest, have, data.bytes() - 1);
                have += data.bytes() - 1;
            }
            while (fds.size() < fdCount) {
                FdPassing.Received batch = next(cs, socket, buffer, timeout, fds);
                if (buffer[0] != FDS || batch.fds().isEmpty()) {
                    throw broken("fds missing: " + fds.size() + " of " + fdCount);
                }
            }
            if (fds.size() != fdCount) {
                throw broken(fds.size() + " fds, " + fdCount + " announced");
            }
            return new Received(manifest, fds);
        } catch (RuntimeException e) {
            fds.forEach(Fd::close);
            throw e;
        }
    }

    /** The successor's answer: empty = taken over, else why it refused. */
    public static void answer(Fd socket, Optional<String> refusal) {
        byte[] reason = refusal.orElse("").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[1 + Math.min(reason.length, CHUNK)];
        message[0] = refusal.isPresent() ? REFUSED : ACCEPTED;
        System.arraycopy(reason, 0, message, 1, message.length - 1);
        try (Arena arena = Arena.ofConfined()) {
            FdPassing.send(CallState.allocate(arena), socket, message, List.of());
        }
    }

    /**
     * Waits for the successor's answer: returns when it took over; throws (and the caller aborts)
     * when it refused, closed the socket (it died) or said nothing within {@code timeout}.
     */
    public static void awaitAnswer(Fd socket, Duration timeout) {
        byte[] buffer = new byte[CHUNK + 1];
        int bytes = word(socket, buffer, timeout);
        if (buffer[0] == ACCEPTED) {
            return;
        }
        String reason = buffer[0] == REFUSED ? new String(buffer, 1, bytes - 1, StandardCharsets.UTF_8) : "a bad answer";
        throw new SupervisorException(ErrorCode.SYSTEM, "the successor refused the hand-over: " + reason);
    }

    /** One message of the successor's into {@code buffer}, within {@code timeout}; its length. Fds sent with it are closed. */
    private static int word(Fd socket, byte[] buffer, Duration timeout) {
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            List<Fd> stray = new ArrayList<>();
            FdPassing.Received word = next(cs, socket, buffer, timeout, stray);
            stray.forEach(fd -> fd.close(cs));
            return word.bytes();
        }
    }

    /** The next message, within {@code timeout}; its fds are added to {@code fds}. EOF or silence is an error. */
    private static FdPassing.Received next(CallState cs, Fd socket, byte[] buffer, Duration timeout, List<Fd> fds) {
        awaitReadable(cs, socket, timeout);
        FdPassing.Received received;
        try {
            received = FdPassing.receive(cs, socket, buffer, FDS_PER_MESSAGE);
        } catch (SysException e) {
            throw new SupervisorException(ErrorCode.SYSTEM, "hand-over: " + e.getMessage(), e);
        }
        fds.addAll(received.fds());
        if (received.bytes() == 0) {
            throw broken("the other side closed the socket");
        }
        return received;
    }

    private static void awaitReadable(CallState cs, Fd socket, Duration timeout) {
        try (Arena arena = Arena.ofConfined(); Fd epoll = Epoll.create(cs)) {
            Epoll.ctl(cs, epoll.value(), Epoll.EPOLL_CTL_ADD, socket.value(), Epoll.EPOLLIN, 1);
            MemorySegment events = Epoll.allocateEvents(arena, 1);
            if (Epoll.await(cs, epoll.value(), events, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis())) == 0) {
                throw new SupervisorException(ErrorCode.SYSTEM, "hand-over: nothing from the other side within "
                        + timeout.toMillis() + " ms");
            }
        }
    }

    private static SupervisorException broken(String why) {
        return new SupervisorException(ErrorCode.SYSTEM, "hand-over stream broken: " + why);
    }
}
