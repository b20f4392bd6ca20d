// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

import dev.velos.sys.linux.ProcEnviron;

/**
 * Finds the processes carrying an owner marker ({@code VELOS_APP=<name>@<scope>}) off the event
 * loop: a scan reads every process's {@code /proc/<pid>/environ}, measured at 80 ms with 1,000
 * processes and 220 ms with 10,000 on a loaded 2-core machine — far too long to stall the loop
 * for. Requests that arrive while a scan runs are answered together by the next one, so a
 * daemon stopping 1,000 apps at once scans {@code /proc} a few times, not 1,000 times. The
 * thread starts on the first request (a supervisor whose apps are never stopped never has it).
 */
final class MarkerScanner implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MarkerScanner.class.getName());

    private record Request(Predicate<String> wanted, CompletableFuture<List<ProcEnviron.Marked>> result) {
    }

    private final String threadName;
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final ProcEnviron environ = new ProcEnviron();
    private Thread thread;
    private volatile boolean closed;

    MarkerScanner(String threadName) {
        this.threadName = threadName;
    }

    /** The processes whose marker value {@code wanted} accepts; completes on the scanner thread. */
    synchronized CompletableFuture<List<ProcEnviron.Marked>> scan(Predicate<String> wanted) {
        CompletableFuture<List<ProcEnviron.Marked>> result = new CompletableFuture<>();
        if (closed) {
            result.complete(List.of());
            return result;
        }
        requests.add(new Request(wanted, result));
        if (thread == null) {
            thread = Thread.ofPlatform().name(threadName).daemon(true).start(this::run);
        }
        return result;
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(requests.take());
            } catch (InterruptedException e) {
                return;
            }
            requests.drainTo(batch);
            answer(batch);
            batch.clear();
        }
    }

    /** One pass over /proc for the whole batch; a failed pass (out of fds...) answers "none found". */
    private void answer(List<Request> batch) {
        List<ProcEnviron.Marked> found;
        try {
            found = environ.carrying(LaunchPlanner.OWNER_ENV, value -> batch.stream().anyMatch(r -> r.wanted().test(value)));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot scan /proc for the apps' processes: {0}", e.getMessage());
            found = List.of();
        }
        for (Request request : batch) {
            request.result().complete(found.stream().filter(m -> request.wanted().test(m.value())).toList());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
        requests.forEach(r -> r.result().complete(List.of()));
    }
}
