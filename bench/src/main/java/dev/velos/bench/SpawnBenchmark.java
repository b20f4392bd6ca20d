// SPDX-License-Identifier: Apache-2.0
package dev.velos.bench;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.velos.model.AppSpec;
import dev.velos.model.ProcessEvent;
import dev.velos.model.RestartPolicy;
import dev.velos.supervisor.Supervisor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spawn {@code /bin/true} and wait until it has exited and been reaped: through the velos
 * {@link Supervisor} (posix_spawn from the spawner thread, pidfd + epoll on the event loop) against
 * {@code ProcessBuilder.start().waitFor()} (jspawnhelper: two execs and a handshake).
 *
 * <p>Sample-time mode, so the result carries the whole distribution (p0.50, p0.99, ...). Each
 * benchmark runs in its own fork; their states are separate, so the processBuilder fork never
 * builds a Supervisor. The Supervisor is not in subreaper mode (the default), so it could not
 * reap ProcessBuilder's children even if both ran in one JVM.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -jar bench/target/velos-bench.jar SpawnBenchmark};
 * the usual JMH options ({@code -wi -i -w -r -f -rf -rff}) override the defaults below, which
 * suit a noisy 2-core VM.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// JMH 1.37 still uses sun.misc.Unsafe; allow it so JDK 25 does not print the deprecation warning.
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 3, timeUnit = TimeUnit.SECONDS)
public class SpawnBenchmark {
    private static final String PROGRAM = "/bin/true";
    private static final long EXIT_TIMEOUT_SECONDS = 30;

    /**
     * One Supervisor per trial. A listener completes the future of the invocation whose (unique)
     * name exited. Each invocation gets a fresh name and a pre-built spec in an invocation-level
     * setup, and its entry is deleted in an invocation-level teardown; JMH keeps both fixtures
     * out of the timed region.
     */
    @State(Scope.Benchmark)
    public static class SupervisorState {
        private final Map<String, CompletableFuture<ProcessEvent.Exited>> waiting = new ConcurrentHashMap<>();
        private Supervisor supervisor;
        private long counter;
        String name;
        AppSpec spec;
        CompletableFuture<ProcessEvent.Exited> exited;

        @Setup(Level.Trial)
        public void startSupervisor() {
            supervisor = Supervisor.builder()
                    .listener(event -> {
                        if (event instanceof ProcessEvent.Exited e) {
                            CompletableFuture<ProcessEvent.Exited> f = waiting.remove(e.name());
                            if (f != null) {
                                f.complete(e);
                            }
                        }
                    })
                    .build();
        }

        @Setup(Level.Invocation)
        public void prepare() {
            name = "t" + counter++;
            spec = AppSpec.builder(name, PROGRAM)
                    .restart(RestartPolicy.DEFAULT.withAutorestart(false))
                    .build();
            exited = new CompletableFuture<>();
            waiting.put(name, exited);
        }

        @TearDown(Level.Invocation)
        public void deleteEntry() throws Exception {
            waiting.remove(name);
            supervisor.delete(name).get(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        @TearDown(Level.Trial)
        public void closeSupervisor() {
            supervisor.close();
        }
    }

    /** Nothing to share: kept as its own state so the two benchmarks never touch each other's objects. */
    @State(Scope.Benchmark)
    public static class ProcessBuilderState {
        final String[] command = {PROGRAM};
    }

    /**
     * Timed: {@code Supervisor.start} of a fresh entry with autorestart off, until the listener
     * sees {@code Exited} for it, which the supervisor emits after the pidfd turned readable, the
     * (empty) stdout/stderr pipes were drained and {@code waitid} reaped the child. Not timed:
     * building the spec, and deleting the entry afterwards.
     */
    @Benchmark
    public ProcessEvent.Exited supervisor(SupervisorState s) throws Exception {
        CompletableFuture<ProcessEvent.Exited> exited = s.exited;
        s.supervisor.start(s.spec).whenComplete((info, error) -> {
            if (error != null) {
                exited.completeExceptionally(error);
            }
        });
        return exited.get(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Timed: what users write, default pipes for stdin, stdout and stderr, until the child is reaped. */
    @Benchmark
    public int processBuilder(ProcessBuilderState s) throws Exception {
        return new ProcessBuilder(s.command).start().waitFor();
    }
}
