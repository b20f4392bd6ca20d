// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The daemon's control socket. One platform thread accepts; each connection gets a virtual
 * thread that reads frames, answers them in order and keeps serving until the client closes.
 * A malformed frame (bad magic or version, over 16 MiB, undecodable body) closes that one
 * connection; nothing a client sends can stop the server.
 *
 * <p>Who may connect: the socket is created inside the 0700 runtime directory and set to 0600
 * right after bind; on top of that the peer's user (SO_PEERCRED) must be the daemon's own user
 * or root.
 */
public final class IpcServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IpcServer.class.getName());
    private static final int MAX_CONNECTIONS = 1024;

    private final Path socketPath;
    private final RequestHandler handler;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final ExecutorService connections = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("velos-ipc-", 0).factory());
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final String ownUser = System.getProperty("user.name");
    /** The daemon's uid as a string: what SO_PEERCRED names a user by when the passwd lookup fails (e.g. out of fds). */
    private final String ownUid;
    private final SpareDescriptor spare = new SpareDescriptor();
    private volatile boolean closed;
    /** Where the socket's file is now: its path, or where {@link #moveTo} put it. */
    private volatile Path movedTo;

    private IpcServer(Path socketPath, RequestHandler handler) throws IOException {
        this.socketPath = socketPath;
        this.movedTo = socketPath;
        this.handler = handler;
        Files.deleteIfExists(socketPath);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            // A backlog as large as the connection limit: clients on virtual threads connect non-blocking,
            // so a full backlog is an immediate EAGAIN for them rather than a wait.
            server.bind(UnixDomainSocketAddress.of(socketPath), MAX_CONNECTIONS);
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
            this.ownUid = String.valueOf(Files.getAttribute(socketPath, "unix:uid"));
        } catch (IOException | RuntimeException e) {
            server.close();
            spare.close();
            throw e;
        }
        this.acceptor = Thread.ofPlatform().name("velos-ipc-accept").daemon(true).unstarted(this::acceptLoop);
    }

    /** Binds {@code socketPath} (replacing a stale file; the caller holds the runtime-dir lock) and starts serving. */
    public static IpcServer start(Path socketPath, RequestHandler handler) {
        try {
            IpcServer s = new IpcServer(socketPath, handler);
            s.acceptor.start();
            return s;
        } catch (IOException e) {
            throw new IpcException(ErrorCode.SYSTEM, "cannot listen on " + socketPath + ": " + e.getMessage(), e);
        }
    }

    public long requestsServed() {
        return requests.get();
    }

    private void acceptLoop() {
        boolean failing = false;
        while (!closed) {
            try {
                SocketChannel ch = server.accept();
                if (failing) {
                    LOG.log(Level.WARNING, "accepting connections again on {0}", socketPath);
                    failing = false;
                }
                if (open.size() >= MAX_CONNECTIONS || !peerAllowed(ch)) {
                    ch.close();
                    continue;
                }
                open.add(ch);
                connections.execute(() -> serve(ch));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                // Typically EMFILE: refuse the waiting client cleanly, say so once, and do not spin.
                if (!failing) {
                    LOG.log(Level.WARNING, "cannot accept on " + socketPath + " (" + e.getMessage()
                            + "); refusing connections until it can");
                    failing = true;
                }
                spare.spend(this::refuseOne);
                pause();
            }
        }
    }

    /** Takes one waiting connection and closes it at once (with the spare descriptor released for it). */
    private void refuseOne() {
        try {
            server.configureBlocking(false);
            SocketChannel ch = server.accept();
            if (ch != null) {
                ch.close();
            }
        } catch (IOException e) {
            // Still nothing to accept with; the pause keeps this from spinning.
        } finally {
            try {
                server.configureBlocking(true);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "cannot make the server socket blocking again", e);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean peerAllowed(SocketChannel ch) {
        try {
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String user = peer.user().getName();
            if (user.equals(ownUser) || user.equals("root") || user.equals(ownUid) || user.equals("0")) {
                return true;
            }
            LOG.log(Level.WARNING, "refused a connection from user {0}", user);
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            while (!closed) {
                Optional<byte[]> body;
                try {
                    body = FrameCodec.read(ch, FrameCodec.MAX_REQUEST_BODY);
                } catch (FrameTooLargeException e) {
                    // Its id is in the body we did not keep: id 0 marks an answer to no request in particular.
                    LOG.log(Level.WARNING, "refused a request: {0}", e.getMessage());
                    FrameCodec.write(ch, Messages.error(0, e.code(), e.getMessage()));
                    return;
                }
                if (body.isEmpty()) {
                    return;
                }
                Messages.Request request = Messages.decodeRequest(body.get());
                requests.incrementAndGet();
                Object result;
                try {
                    result = handler.handle(request);
                } catch (VelosException e) {
                    FrameCodec.write(ch, Messages.error(request.id(), e));
                    continue;
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "request '" + request.cmd() + "' failed", e);
                    FrameCodec.write(ch, Messages.error(request.id(), ErrorCode.INTERNAL,
                            "internal error in '" + request.cmd() + "': " + e));
                    continue;
                }
                if (result instanceof StreamingResponse streaming) {
                    stream(ch, request.id(), streaming);
                    return;
                }
                if (result instanceof PagedResponse paged) {
                    result = pages(ch, request, paged);
                }
                FrameCodec.write(ch, encode(request, result));
            }
        } catch (ProtocolException e) {
            LOG.log(Level.DEBUG, "closing a connection after a protocol error: {0}", e.getMessage());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "connection ended: {0}", e.getMessage());
        } finally {
            open.remove(ch);
        }
    }

    /**
     * Writes each page of {@code paged} as a stream frame; returns what the final answer carries:
     * the handler's result, or an {@link Failure} when it failed after pages were sent.
     */
    private static Object pages(SocketChannel ch, Messages.Request request, PagedResponse paged) throws IOException {
        try {
            return paged.produce(page -> FrameCodec.write(ch, Messages.event(request.id(), page)));
        } catch (VelosException e) {
            return new Failure(e.code(), e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            return new Failure(ErrorCode.SYSTEM, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "request '" + request.cmd() + "' failed", e);
            return new Failure(ErrorCode.INTERNAL, "internal error in '" + request.cmd() + "': " + e);
        }
    }

    /** An error to answer with instead of a result. */
    private record Failure(ErrorCode code, String message) {
    }

    /**
     * The answer frame for {@code result}. One over the frame limit cannot be sent (the client
     * would drop the connection without a word), so it becomes an error answer that says so.
     */
    private static byte[] encode(Messages.Request request, Object result) {
        if (result instanceof Failure f) {
            return Messages.error(request.id(), f.code(), f.message());
        }
        try {
            byte[] body = Messages.ok(request.id(), result);
            if (body.length > FrameCodec.MAX_BODY) {
                LOG.log(Level.ERROR, "the answer to '" + request.cmd() + "' is " + body.length + " bytes, over the frame limit");
                return Messages.error(request.id(), ErrorCode.INTERNAL, "the answer to '" + request.cmd() + "' is "
                        + (body.length >> 20) + " MiB, over the 16 MiB frame limit; ask for less (a target, fewer lines)");
            }
            return body;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "cannot encode the result of '" + request.cmd() + "'", e);
            return Messages.error(request.id(), ErrorCode.INTERNAL, "internal error in '" + request.cmd() + "': " + e);
        }
    }

    /**
     * Runs a stream on this connection: events go out as {@code {id, event}} frames; a second
     * virtual thread waits for the client to close its end (any byte or EOF ends the stream),
     * then interrupts the streaming thread.
     */
    private void stream(SocketChannel ch, long id, StreamingResponse streaming) {
        Thread streamer = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().name("velos-ipc-stream-watch").start(() -> {
            try {
                ch.read(java.nio.ByteBuffer.allocate(1));
            } catch (IOException e) {
                // Closed either way.
            }
            if (open.compareAndSet(true, false)) {
                streamer.interrupt();
            }
        });
        java.util.concurrent.locks.ReentrantLock writeLock = new java.util.concurrent.locks.ReentrantLock();
        StreamingResponse.EventSink sink = new StreamingResponse.EventSink() {
            @Override
            public boolean send(Object event) {
                if (!open.get()) {
                    return false;
                }
                writeLock.lock();
                try {
                    FrameCodec.write(ch, Messages.event(id, event));
                    return true;
                } catch (IOException | RuntimeException e) {
                    open.set(false);
                    return false;
                } finally {
                    writeLock.unlock();
                }
            }

            @Override
            public boolean isOpen() {
                return open.get() && !closed;
            }
        };
        try {
            streaming.stream(sink);
        } catch (InterruptedException e) {
            // The client went away; the stream is over.
        } catch (VelosException e) {
            sink.send(java.util.Map.of("error", e.getMessage()));
        } finally {
            open.set(false);
            watcher.interrupt();
            Thread.interrupted();
        }
    }

    /** Stops accepting, closes every connection, removes the socket file. Idempotent. */
    @Override
    public void close() {
        close(true);
    }

    /**
     * As {@link #close()}, but leaves the file at the socket path: after a daemon hand-over it is
     * the successor's socket, renamed over this one's ({@link #moveTo}).
     */
    public void closeLeavingSocketFile() {
        close(false);
    }

    /**
     * Renames the bound socket's file to {@code path}, atomically replacing what is there: a
     * daemon's successor binds beside the running daemon's socket and takes its path in one step,
     * so a client connecting meanwhile reaches one daemon or the other, never no socket.
     */
    public void moveTo(Path path) {
        try {
            Files.move(socketPath, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            movedTo = path;
        } catch (IOException e) {
            throw new IpcException(ErrorCode.SYSTEM, "cannot move " + socketPath + " to " + path + ": " + e.getMessage(), e);
        }
    }

    private void close(boolean removeFile) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the server socket", e);
        }
        for (SocketChannel ch : open) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing a connection", e);
            }
        }
        connections.shutdownNow();
        spare.close();
        if (!removeFile) {
            return;
        }
        try {
            Files.deleteIfExists(movedTo);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove " + movedTo, e);
        }
    }
}
