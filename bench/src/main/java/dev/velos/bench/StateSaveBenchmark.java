// SPDX-License-Identifier: Apache-2.0
package dev.velos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.velos.daemon.StateStore;
import dev.velos.ipc.WireTypes;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Saving {@code state.bin} with {@code apps} apps, as the daemon does after every change:
 * MessagePack encoding, temp file, fsync, rename, fsync of the directory. The fsyncs dominate on
 * a real disk, so the figure depends on the file system under {@code java.io.tmpdir}.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -jar bench/target/velos-bench.jar StateSaveBenchmark}.
 */
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class StateSaveBenchmark {
    @Param({"1000"})
    int apps;

    private Path dir;
    private StateStore store;
    private List<StateStore.SavedApp> saved;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("velos-state-bench");
        store = new StateStore(dir);
        saved = new ArrayList<>(apps);
        int pid = 10_000;
        for (WireTypes.StartArgs spec : Fixtures.startArgs(apps)) {
            saved.add(new StateStore.SavedApp(spec, true, pid++, 123_456L));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(dir.resolve("state.bin"));
        Files.deleteIfExists(dir.resolve("state.bin.tmp"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public StateStore saveState() {
        store.saveState(saved);
        return store;
    }
}
