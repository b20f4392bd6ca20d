// SPDX-License-Identifier: Apache-2.0
package dev.velos.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.velos.logs.ClassifiedLine;
import dev.velos.logs.Classifier;
import dev.velos.logs.LogSummary;
import dev.velos.logs.RawLine;
import dev.velos.logs.Summarizer;
import dev.velos.logs.Templates;
import dev.velos.model.LogStream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The zero-LLM log engine on one core (issue 4 budgets): {@link #classifyAndNormalize} is the
 * per-line hot path of {@code velos logs} (classification plus the template used by dedup and
 * patterns), reported in lines per second (target ≥ 1,000,000); {@link #classifyOnly} and
 * {@link #normalizeOnly} split it; {@link #summarize50k} is {@code --summary} over 50,000
 * classified lines spanning an hour (target ≤ 50 ms).
 *
 * <p>The corpus is a fixed-seed mix of what apps print: access-log lines with ids, IPs and
 * durations, pino JSON, {@code LEVEL:}-prefixed lines, stack frames on stderr, UUIDs and hex
 * addresses, about 80 characters a line on average.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -jar bench/target/velos-bench.jar LogEngineBenchmark}.
 */
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class LogEngineBenchmark {
    static final int CORPUS_LINES = 8192;
    static final int SUMMARY_LINES = 50_000;
    private static final long BASE_MS = 1_764_000_000_000L;

    /** The raw corpus, generated once per fork. */
    @State(Scope.Benchmark)
    public static class Corpus {
        String[] messages;
        LogStream[] streams;
        List<ClassifiedLine> summaryLines;

        @Setup
        public void generate() {
            Random random = new Random(42);
            messages = new String[CORPUS_LINES];
            streams = new LogStream[CORPUS_LINES];
            for (int i = 0; i < CORPUS_LINES; i++) {
                RawLine raw = line(random, BASE_MS + i);
                messages[i] = raw.message();
                streams[i] = raw.stream();
            }
            List<ClassifiedLine> lines = new ArrayList<>(SUMMARY_LINES);
            for (int i = 0; i < SUMMARY_LINES; i++) {
                // 50,000 lines over 60 minutes: 72 ms apart, so patterns and anomaly buckets see real spans.
                lines.add(Classifier.classify(line(random, BASE_MS + i * 72L)));
            }
            summaryLines = lines;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CORPUS_LINES)
    public void classifyAndNormalize(Corpus c, Blackhole bh) {
        String[] messages = c.messages;
        LogStream[] streams = c.streams;
        for (int i = 0; i < messages.length; i++) {
            bh.consume(Classifier.classify(messages[i], streams[i]));
            bh.consume(Templates.normalize(messages[i]));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CORPUS_LINES)
    public void classifyOnly(Corpus c, Blackhole bh) {
        String[] messages = c.messages;
        LogStream[] streams = c.streams;
        for (int i = 0; i < messages.length; i++) {
            bh.consume(Classifier.classify(messages[i], streams[i]));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CORPUS_LINES)
    public void normalizeOnly(Corpus c, Blackhole bh) {
        for (String message : c.messages) {
            bh.consume(Templates.normalize(message));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public LogSummary summarize50k(Corpus c) {
        return Summarizer.summarize("api", c.summaryLines, 2);
    }

    private static final String[] PATHS = {"/api/users/", "/api/orders/", "/health", "/api/cart/", "/static/app.js?v="};
    private static final String[] CLASSES = {"OrderService", "UserRepository", "HttpHandler", "CartController"};

    /** One realistic line; the mix is roughly that of a busy web service. */
    static RawLine line(Random r, long ts) {
        int kind = r.nextInt(100);
        String id = Integer.toString(1000 + r.nextInt(90_000));
        String ms = Integer.toString(1 + r.nextInt(900));
        String ip = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
        if (kind < 35) {
            int status = r.nextInt(20) == 0 ? 500 : 200;
            return out(ts, "GET " + PATHS[r.nextInt(PATHS.length)] + id + " " + status + " " + ms + "ms from " + ip);
        }
        if (kind < 50) {
            int level = 10 * (2 + r.nextInt(4));
            return out(ts, "{\"level\":" + level + ",\"time\":" + ts + ",\"pid\":4242,\"hostname\":\"web-1\",\"reqId\":\""
                    + uuid(r) + "\",\"msg\":\"request completed\",\"responseTime\":" + ms + "}");
        }
        if (kind < 60) {
            return out(ts, "INFO: worker " + r.nextInt(8) + " processed batch " + id + " in " + ms + "ms");
        }
        if (kind < 70) {
            return out(ts, "DEBUG: cache lookup key=user:" + id + " hit=" + r.nextBoolean());
        }
        if (kind < 80) {
            return err(ts, "WARN: slow query took " + ms + "ms: SELECT * FROM orders WHERE id = " + id);
        }
        if (kind < 88) {
            return err(ts, "ERROR: upstream timeout after 3000ms (request " + uuid(r) + ", peer " + ip + ":443)");
        }
        if (kind < 93) {
            return err(ts, "    at com.example.app." + CLASSES[r.nextInt(CLASSES.length)] + ".handle(" + "Handler.java:" + ms + ")");
        }
        if (kind < 96) {
            return err(ts, "java.lang.IllegalStateException: connection pool exhausted (active=" + r.nextInt(64) + ")");
        }
        if (kind < 98) {
            return out(ts, "connected to redis " + ip + ":6379 in " + ms + "ms");
        }
        return err(ts, "Segfault at 0x" + Long.toHexString(r.nextLong() >>> 16) + " in worker " + r.nextInt(8));
    }

    private static String uuid(Random r) {
        return new java.util.UUID(r.nextLong(), r.nextLong()).toString();
    }

    private static RawLine out(long ts, String message) {
        return new RawLine(ts, LogStream.STDOUT, message);
    }

    private static RawLine err(long ts, String message) {
        return new RawLine(ts, LogStream.STDERR, message);
    }
}
