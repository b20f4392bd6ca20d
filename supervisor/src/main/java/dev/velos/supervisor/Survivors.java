// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.velos.model.ListenAddress;
import dev.velos.sys.CallState;
import dev.velos.sys.ErrnoException;
import dev.velos.sys.Fd;
import dev.velos.sys.Fds;
import dev.velos.sys.Pidfd;
import dev.velos.sys.ServerSockets;
import dev.velos.sys.Sockets;
import dev.velos.sys.linux.ProcEnviron;
import dev.velos.sys.linux.ProcFs;
import dev.velos.sys.linux.ProcStat;

/**
 * Finds and verifies the processes a dead predecessor left running (issue 20), and takes back
 * what of them can be taken back without the predecessor: a pidfd, their stdout and stderr pipes
 * (reopened through {@code /proc/<pid>/fd/1} and {@code 2}: the children hold their pipes
 * read-write, so the pipes outlived the dead supervisor and kept the output it never read), and
 * the listening sockets they were given at fds 3.. ({@code pidfd_getfd}). A process counts as a
 * survivor only if it is alive, carries the app's marker ({@code VELOS_APP}) and, when the start
 * time is known, started then; nothing is ever sent to a process that fails these checks. Loop
 * thread only.
 */
final class Survivors {
    private static final System.Logger LOG = System.getLogger(Survivors.class.getName());

    private final CallState cs;
    private final LaunchPlanner planner;
    private final ProcEnviron environ = new ProcEnviron();
    private final Path notifyDirectory;

    Survivors(CallState cs, LaunchPlanner planner, Path notifyDirectory) {
        this.cs = cs;
        this.planner = planner;
        this.notifyDirectory = notifyDirectory.toAbsolutePath().normalize();
    }

    /** A verified survivor, pinned by its pidfd, with its start time. */
    record Found(int pid, long startTicks, Fd pidfd) {
    }

    /**
     * The survivor of app {@code name}: {@code pid} with {@code startTicks} when they are known
     * (non-zero), else the oldest session leader among {@code marked} (the processes the marker
     * scan found carrying the app's marker: the app's leader leads its own session, what it started
     * does not, unless it called setsid itself). Empty when none passes the checks.
     */
    Optional<Found> find(String name, int pid, long startTicks, List<ProcEnviron.Marked> marked) {
        if (pid > 0) {
            return verify(name, pid, startTicks);
        }
        String marker = planner.marker(name);
        List<ProcStat> leaders = new ArrayList<>();
        for (ProcEnviron.Marked m : marked) {
            if (m.value().equals(marker)) {
                ProcFs.stat(m.pid()).filter(s -> s.session() == s.pid() && !s.isZombie()).ifPresent(leaders::add);
            }
        }
        return leaders.stream().min(Comparator.comparingLong(ProcStat::startTicks))
                .flatMap(leader -> verify(name, leader.pid(), leader.startTicks()));
    }

    private Optional<Found> verify(String name, int pid, long startTicks) {
        Optional<ProcStat> before = ProcFs.stat(pid).filter(s -> !s.isZombie());
        if (before.isEmpty() || (startTicks > 0 && before.get().startTicks() != startTicks)) {
            return Optional.empty();
        }
        if (!environ.value(pid, LaunchPlanner.OWNER_ENV).map(planner.marker(name)::equals).orElse(false)) {
            return Optional.empty();
        }
        Fd pidfd;
        try {
            pidfd = Pidfd.open(cs, pid);
        } catch (ErrnoException e) {
            return Optional.empty(); // gone meanwhile
        }
        // The pidfd pins a process; the same start time after opening it proves it is the one checked above.
        Optional<ProcStat> after = ProcFs.stat(pid);
        if (after.isEmpty() || after.get().startTicks() != before.get().startTicks()) {
            pidfd.close(cs);
            return Optional.empty();
        }
        return Optional.of(new Found(pid, before.get().startTicks(), pidfd));
    }

    /**
     * A new read end of the pipe at the survivor's fd {@code fd} (1 or 2), non-blocking and
     * close-on-exec; {@code /dev/null} (an output that ends at once) when that fd is no longer a
     * pipe — the app redirected it — or cannot be opened.
     */
    Fd reopenOutput(int pid, int fd) {
        Path link = Path.of("/proc/" + pid + "/fd/" + fd);
        try {
            if (Files.readSymbolicLink(link).toString().startsWith("pipe:")) {
                return Fds.open(cs, link.toString(), Fds.O_RDONLY | Fds.O_NONBLOCK | Fds.O_CLOEXEC);
            }
        } catch (IOException | ErrnoException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot reopen fd {0} of adopted process {1}: {2}", fd, pid, e.getMessage());
        }
        return Fds.open(cs, "/dev/null", Fds.O_RDONLY | Fds.O_NONBLOCK | Fds.O_CLOEXEC);
    }

    /**
     * The listening sockets the survivor was given ({@code LISTEN_FDS} from fd 3), copied with
     * {@code pidfd_getfd} and checked to listen on the port asked for; empty where that is not
     * possible (no ptrace rights: EPERM; the app closed the fd: EBADF), which is logged.
     */
    List<Optional<Fd>> takeSockets(Found survivor, List<ListenAddress> listen) {
        List<Optional<Fd>> sockets = new ArrayList<>(listen.size());
        int given = environ.value(survivor.pid(), Spawner.LISTEN_FDS_VARIABLE).map(Survivors::parseCount).orElse(0);
        for (int i = 0; i < listen.size(); i++) {
            sockets.add(i < given ? takeSocket(survivor, Spawner.FIRST_EXTRA_FD + i, listen.get(i)) : Optional.empty());
        }
        return sockets;
    }

    private Optional<Fd> takeSocket(Found survivor, int targetFd, ListenAddress address) {
        Fd copy;
        try {
            copy = Pidfd.getfd(cs, survivor.pidfd(), targetFd);
        } catch (ErrnoException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot take back {0} from adopted process {1}: {2}", address.uri(),
                    survivor.pid(), e.getMessage());
            return Optional.empty();
        }
        try {
            if (address.kind() == ListenAddress.Kind.TCP && address.port() != 0
                    && ServerSockets.localPort(cs, copy) != address.port()) {
                copy.close(cs);
                return Optional.empty();
            }
        } catch (ErrnoException e) {
            copy.close(cs); // not a socket any more
            return Optional.empty();
        }
        return Optional.of(copy);
    }

    /**
     * A notify socket bound anew at the path in the survivor's {@code NOTIFY_SOCKET}, whose socket
     * died with the predecessor: only a path inside this supervisor's notify directory, and only
     * over a socket file (or none), never over anything else or through a symlink. An app that
     * sends each notification to the path (sd_notify does) reaches the new socket; one that
     * connected its socket once keeps talking to the dead one. Empty when there is nothing to rebind.
     */
    Optional<Spawner.NotifyEndpoint> rebindNotify(int pid) {
        Optional<Path> path = environ.value(pid, Spawner.NOTIFY_VARIABLE).filter(v -> v.startsWith("/"))
                .map(v -> Path.of(v).normalize()).filter(p -> notifyDirectory.equals(p.getParent()));
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (Files.exists(path.get(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.readAttributes(path.get(), java.nio.file.attribute.BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()) {
                    return Optional.empty(); // not a socket: not ours to replace
                }
                Files.delete(path.get());
            }
            Fd fd = Sockets.socket(cs, Sockets.AF_UNIX, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC | Sockets.SOCK_NONBLOCK);
            try {
                Sockets.bindUnix(cs, fd, path.get().toString());
                int owner = (int) Files.getAttribute(Path.of("/proc/" + pid), "unix:uid");
                if (owner != (int) Files.getAttribute(notifyDirectory, "unix:uid")) {
                    Files.setAttribute(path.get(), "unix:uid", owner); // an app running as another user may send to it
                }
            } catch (RuntimeException | IOException e) {
                fd.close(cs);
                throw e;
            }
            return Optional.of(new Spawner.NotifyEndpoint(fd, path.get()));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot bind the notify socket of adopted process {0} again: {1}", pid,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static int parseCount(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
