// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.velos.model.AppNames;
import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ListenAddress;
import dev.velos.sys.CallState;
import dev.velos.sys.ErrnoException;
import dev.velos.sys.Fd;
import dev.velos.sys.ServerSockets;

/**
 * The listening sockets the supervisor holds for its apps ({@code listen}, issue 20). They belong
 * to the app, not to a generation: bound when the first instance of an app starts, passed to
 * every generation and every cluster instance (all of {@code web:0..3} accept on one port), kept
 * across restarts and reloads — so a connection that arrives while no process of the app runs
 * waits in the socket's backlog instead of being refused — and closed once the last instance of
 * the app is deleted. Sockets are keyed by the app's base name and address. Loop thread only.
 */
final class ListenSockets {
    private static final System.Logger LOG = System.getLogger(ListenSockets.class.getName());
    /** {@code S_IFMT} and {@code S_IFSOCK} of {@code st_mode}, for "unix:mode". */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /** One socket: the address it was asked for, its fd, and (TCP) the port it got. */
    record Held(ListenAddress address, Fd fd, int port) {
        /** The address as bound: a port 0 replaced by the kernel's choice. */
        ListenAddress bound() {
            return address.kind() == ListenAddress.Kind.TCP && address.port() == 0
                    ? new ListenAddress(address.kind(), address.host(), port, "", address.name()) : address;
        }
    }

    /** The sockets of one app and the entries (instances) that use them. */
    private static final class Group {
        final Map<String, Held> byUri = new LinkedHashMap<>();
        final Set<String> users = new HashSet<>();
    }

    private final CallState cs;
    private final Map<String, Group> byBase = new HashMap<>();

    ListenSockets(CallState cs) {
        this.cs = cs;
    }

    /**
     * The sockets for {@code spec.listen()}, in its order, binding those not held yet and closing
     * those it no longer names; the entry
     * {@code spec.name()} counts as a user until {@link #release}. A socket that cannot be bound is a
     * {@code SPAWN_FAILED} naming the address and why; sockets bound before it stay held.
     */
    List<Fd> acquire(AppSpec spec) {
        if (spec.listen().isEmpty()) {
            Group held = byBase.get(AppNames.baseOf(spec.name()));
            if (held != null) { // listen emptied by config_set
                held.byUri.values().forEach(h -> close(h, true));
                held.byUri.clear();
            }
            return List.of();
        }
        Group group = byBase.computeIfAbsent(AppNames.baseOf(spec.name()), base -> new Group());
        group.users.add(spec.name());
        List<Fd> fds = new ArrayList<>(spec.listen().size());
        for (ListenAddress address : spec.listen()) {
            Held held = group.byUri.get(address.uri());
            if (held == null) {
                held = bind(spec.name(), address);
                group.byUri.put(address.uri(), held);
            }
            fds.add(held.fd());
        }
        // Addresses the spec no longer names (config_set of listen): closed here, so the port is
        // freed once the generations still accepting on their inherited copies have ended.
        Set<String> wanted = new HashSet<>();
        spec.listen().forEach(address -> wanted.add(address.uri()));
        group.byUri.values().removeIf(held -> {
            if (wanted.contains(held.address().uri())) {
                return false;
            }
            close(held, true);
            return true;
        });
        return fds;
    }

    /** The addresses {@code name}'s app holds, as bound (actual ports); empty when none. */
    List<ListenAddress> bound(String name) {
        Group group = byBase.get(AppNames.baseOf(name));
        return group == null ? List.of() : group.byUri.values().stream().map(Held::bound).toList();
    }

    /** Every held socket by app base name (a hand-over passes them on). */
    Map<String, List<Held>> all() {
        Map<String, List<Held>> all = new LinkedHashMap<>();
        byBase.forEach((base, group) -> all.put(base, List.copyOf(group.byUri.values())));
        return all;
    }

    /** Takes over a socket a predecessor held for {@code name}'s app (a hand-over or an adoption). */
    void adopt(String name, ListenAddress address, Fd fd) {
        Group group = byBase.computeIfAbsent(AppNames.baseOf(name), base -> new Group());
        group.users.add(name);
        Held previous = group.byUri.put(address.uri(), new Held(address, fd, port(address, fd)));
        if (previous != null && previous.fd() != fd) {
            previous.fd().close(cs);
        }
    }

    /** Whether {@code name}'s app already holds a socket for {@code address}. */
    boolean holds(String name, ListenAddress address) {
        Group group = byBase.get(AppNames.baseOf(name));
        return group != null && group.byUri.containsKey(address.uri());
    }

    /** The entry {@code name} is deleted; when it was the app's last, its sockets are closed (unix files removed). */
    void release(String name) {
        String base = AppNames.baseOf(name);
        Group group = byBase.get(base);
        if (group == null || !group.users.remove(name) || !group.users.isEmpty()) {
            return;
        }
        byBase.remove(base);
        group.byUri.values().forEach(held -> close(held, true));
    }

    /** Closes every socket; {@code removeFiles} false when a successor goes on using them (hand-over). */
    void closeAll(boolean removeFiles) {
        byBase.values().forEach(group -> group.byUri.values().forEach(held -> close(held, removeFiles)));
        byBase.clear();
    }

    private void close(Held held, boolean removeFile) {
        held.fd().close(cs);
        if (removeFile && held.address().kind() == ListenAddress.Kind.UNIX) {
            try {
                Path path = Path.of(held.address().path());
                if (isSocket(path)) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot remove the socket file {0}: {1}", held.address().path(), e.getMessage());
            }
        }
    }

    private Held bind(String name, ListenAddress address) {
        try {
            Fd fd = switch (address.kind()) {
                case TCP -> ServerSockets.listenTcp(cs, InetAddress.ofLiteral(address.host()), address.port());
                case UNIX -> {
                    clearStaleSocket(name, Path.of(address.path()));
                    yield ServerSockets.listenUnix(cs, address.path());
                }
            };
            return new Held(address, fd, port(address, fd));
        } catch (ErrnoException e) {
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + name + "': cannot listen on " + address.uri()
                    + ": " + e.errno() + " (" + e.getMessage() + ")" + hint(e), e);
        }
    }

    private int port(ListenAddress address, Fd fd) {
        return address.kind() == ListenAddress.Kind.TCP ? ServerSockets.localPort(cs, fd) : 0;
    }

    private static String hint(ErrnoException e) {
        return switch (e.errno()) {
            case EADDRINUSE -> "; another process holds that address";
            case EACCES -> "; ports below 1024 need root or CAP_NET_BIND_SERVICE, a socket file a writable directory";
            case EADDRNOTAVAIL -> "; no interface of this host has that address";
            default -> "";
        };
    }

    /**
     * Makes way for a unix socket at {@code path}: a socket file nobody accepts on (left by a
     * crashed process) is removed; anything else — a live socket, a regular file, a directory, a
     * symbolic link (never followed) — is refused rather than replaced.
     */
    private static void clearStaleSocket(String name, Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + name + "': cannot listen on unix:" + path
                    + ": it exists and is not a socket" + (Files.isSymbolicLink(path) ? " (a symbolic link, never followed)" : "")
                    + "; remove it or choose another path");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + name + "': cannot listen on unix:" + path
                    + ": another process accepts connections on it");
        } catch (IOException refused) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + name + "': cannot remove the stale socket "
                        + path + ": " + e.getMessage(), e);
            }
        }
    }

    private static boolean isSocket(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
