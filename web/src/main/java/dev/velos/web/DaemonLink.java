// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

import dev.velos.ipc.AuditRecord;
import dev.velos.ipc.DaemonUnavailableException;
import dev.velos.ipc.IpcException;
import dev.velos.ipc.IpcTimeoutException;
import dev.velos.ipc.ProtocolException;
import dev.velos.ipc.VelosClient;

/**
 * The HTTP servers' way to the daemon: a small pool of {@link VelosClient} connections (one call
 * at a time each), so concurrent requests neither queue behind one socket nor reconnect per call.
 * A connection that broke, timed out or desynchronised is closed, never returned to the pool.
 */
public final class DaemonLink implements AutoCloseable {
    private static final int POOL = 8;

    private final Path socket;
    private final Duration timeout;
    private final BlockingQueue<VelosClient> idle = new ArrayBlockingQueue<>(POOL);

    public DaemonLink(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /** Runs {@code action} on a pooled connection; daemon errors propagate as {@link IpcException}s. */
    public <T> T call(Function<VelosClient, T> action) {
        VelosClient client = idle.poll();
        if (client == null) {
            // This server records its own mutating requests (rest, dashboard): the daemon must not record them again.
            client = VelosClient.connect(socket, timeout).auditedAs(AuditRecord.REST);
        }
        boolean reusable = false;
        try {
            T result = action.apply(client);
            reusable = true;
            return result;
        } catch (IpcException e) {
            reusable = !(e instanceof DaemonUnavailableException || e instanceof IpcTimeoutException
                    || e instanceof ProtocolException);
            throw e;
        } finally {
            if (!reusable || !idle.offer(client)) {
                client.close();
            }
        }
    }

    /** A dedicated connection for a stream (logs.follow, events), which uses it up. */
    public VelosClient openStream() {
        return VelosClient.connect(socket, timeout);
    }

    @Override
    public void close() {
        VelosClient c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }
}
