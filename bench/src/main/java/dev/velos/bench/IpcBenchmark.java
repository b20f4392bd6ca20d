// SPDX-License-Identifier: Apache-2.0
package dev.velos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.velos.ipc.Commands;
import dev.velos.ipc.FrameCodec;
import dev.velos.ipc.IpcServer;
import dev.velos.ipc.Messages;
import dev.velos.ipc.ProcessCodecs;
import dev.velos.ipc.VelosClient;
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
 * The control socket's hot paths (issue 9): encoding and decoding a {@code list} answer of
 * {@code apps} processes (frame header + MessagePack body), and the whole {@code list} round trip
 * over a real Unix socket to a real {@link IpcServer}, in sample mode so JMH reports p50/p99. The
 * server answers from a prepared list, so the figure is the transport and codec, not the daemon's
 * {@code /proc} sampling. {@code encodeDecodeList} against {@code encodeDecodeListDatabind} is the
 * hand-written codec against velos 0.1.0's databind codec ({@link DatabindCodec}), issue 15: the
 * daemon encodes the answer, the client decodes it into records.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -jar bench/target/velos-bench.jar IpcBenchmark}.
 */
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class IpcBenchmark {
    @Param({"10", "100"})
    int apps;

    private List<WireTypes.ProcessView> views;
    private byte[] frame;
    private Path dir;
    private IpcServer server;
    private VelosClient client;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        views = Fixtures.processViews(apps);
        frame = FrameCodec.encode(Messages.ok(1, views));
        dir = Files.createTempDirectory("velos-ipc-bench");
        Path socket = dir.resolve("velos.sock");
        server = IpcServer.start(socket, (cmd, args) -> switch (cmd) {
            case Commands.LIST -> views;
            default -> throw new IllegalArgumentException(cmd);
        });
        client = VelosClient.connect(socket, Duration.ofSeconds(5));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        server.close();
        Files.deleteIfExists(dir.resolve("velos.sock"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public byte[] encodeList() {
        return FrameCodec.encode(Messages.ok(1, views));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public List<WireTypes.ProcessView> decodeList() {
        byte[] body = java.util.Arrays.copyOfRange(frame, FrameCodec.HEADER_BYTES, frame.length);
        return Messages.decodeResponse(body).result().as(ProcessCodecs.PROCESS_VIEWS);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public List<WireTypes.ProcessView> encodeDecodeList() {
        return Messages.decodeResponse(Messages.ok(1, views)).result().as(ProcessCodecs.PROCESS_VIEWS);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public List<WireTypes.ProcessView> encodeDecodeListDatabind() throws IOException {
        return DatabindCodec.views(DatabindCodec.ok(1, views));
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public List<WireTypes.ProcessView> listRoundTrip() {
        return client.list();
    }
}
