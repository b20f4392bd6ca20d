// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random and hostile bytes never escape the decoders as anything but a {@link ProtocolException}
 * (or, for a stream cut short, an {@link EOFException}): no other RuntimeException, no
 * OutOfMemoryError, no StackOverflowError. The fuzz properties take their number of tries from
 * {@code jqwik.tries.default}: 2,000 in {@code make test}, 100,000 in {@code make soak}.
 */
class DecoderRobustnessPropertiesTest {

    /** MessagePack headers that announce huge containers or payloads, to be followed by too little data. */
    private static final List<byte[]> HOSTILE_PREFIXES = List.of(
            bytes(0xc4, 0xff), // bin8
            bytes(0xc5, 0xff, 0xff), // bin16
            bytes(0xc6, 0x7f, 0xff, 0xff, 0xf0), // bin32, ~2 GiB
            bytes(0xc6, 0xff, 0xff, 0xff, 0xff), // bin32, 4 GiB
            bytes(0xdb, 0x7f, 0xff, 0xff, 0xf0), // str32, ~2 GiB
            bytes(0xdb, 0xff, 0xff, 0xff, 0xff), // str32, 4 GiB
            bytes(0xdd, 0x7f, 0xff, 0xff, 0xff), // array32
            bytes(0xdf, 0x7f, 0xff, 0xff, 0xff), // map32
            bytes(0xdf, 0xff, 0xff, 0xff, 0xff), // map32, 4 G entries
            bytes(0xc9, 0x7f, 0xff, 0xff, 0xf0, 0x01), // ext32, ~2 GiB
            bytes(0xc9, 0xff, 0xff, 0xff, 0xff, 0x01), // ext32, 4 GiB
            bytes(0xd9, 0xff), // str8
            bytes(0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), // uint64 max
            bytes(0xc1)); // never used

    /** Where a hostile value is put: at the top, or as a field of a request/response that is always left incomplete. */
    private static final List<byte[]> CONTAINERS = List.of(
            bytes(),
            bytes(0x81, 0xa2, 'i', 'd'), // {id: ...
            bytes(0x83, 0xa2, 'i', 'd', 0x01, 0xa3, 'c', 'm', 'd'), // {id: 1, cmd: ...
            bytes(0x84, 0xa2, 'i', 'd', 0x01, 0xa3, 'c', 'm', 'd', 0xa1, 'x', 0xa4, 'a', 'r', 'g', 's'), // {id:1, cmd:"x", args: ...
            bytes(0x84, 0xa2, 'i', 'd', 0x01, 0xa2, 'o', 'k', 0xc3, 0xa6, 'r', 'e', 's', 'u', 'l', 't'), // {id:1, ok:true, result: ...
            bytes(0x83, 0xa2, 'i', 'd', 0x01, 0xa2, 'o', 'k', 0xc2, 0xa5, 'e', 'r', 'r', 'o', 'r', 0x82, 0xa4, 'c', 'o', 'd', 'e'),
            bytes(0x82, 0xa2, 'i', 'd', 0x01, 0xa5, 'e', 'v', 'e', 'n', 't', 0x92)); // {id:1, event: [ ...

    /**
     * {@code com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes()}, bound to the platform
     * bean. Looked up reflectively: the tests compile inside the ipc module, which does not read
     * java.management, but run on the class path, where it is there.
     */
    private static final MethodHandle ALLOCATED_BYTES;

    static {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            ALLOCATED_BYTES = MethodHandles.publicLookup()
                    .findVirtual(type, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class)).bindTo(bean);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static long allocatedBytes() {
        try {
            return (long) ALLOCATED_BYTES.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
    /** Decoding a body of at most a few KiB may not allocate more than this (a heap-size-independent OOM check). */
    private static final long ALLOCATION_BUDGET = 4L * 1024 * 1024;

    /** Runs {@code decode} and fails if it allocated more than {@link #ALLOCATION_BUDGET} on this thread. */
    private static void withinAllocationBudget(byte[] input, ThrowingRunnable decode) throws Throwable {
        long before = allocatedBytes();
        try {
            decode.run();
        } finally {
            long allocated = allocatedBytes() - before;
            assertThat(allocated).as("bytes allocated decoding %s", hex(input)).isLessThan(ALLOCATION_BUDGET);
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Throwable;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Provide
    Arbitrary<byte[]> junk() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        Arbitrary<byte[]> hostile = Combinators2.concat(
                Combinators2.concat(Arbitraries.of(CONTAINERS), Arbitraries.of(HOSTILE_PREFIXES)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
        Arbitrary<byte[]> mutated = validBodies().flatMap(body -> Arbitraries.integers().between(0, Math.max(0, body.length - 1))
                .list().ofMinSize(1).ofMaxSize(4)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] copy = body.clone();
                    for (int i = 0; i < positions.size() && copy.length > 0; i++) {
                        copy[positions.get(i)] = values.get(i);
                    }
                    return copy;
                })));
        Arbitrary<byte[]> truncated = validBodies().flatMap(body -> Arbitraries.integers().between(0, body.length)
                .map(n -> Arrays.copyOf(body, n)));
        return Arbitraries.frequencyOf(Tuple.of(3, random), Tuple.of(2, hostile), Tuple.of(3, mutated), Tuple.of(2, truncated));
    }

    /** Well-formed bodies (requests, responses, events) to mutate and truncate. */
    private static Arbitrary<byte[]> validBodies() {
        Arbitrary<Long> ids = Arbitraries.longs();
        return Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(ids, WireArbitraries.text(12), WireArbitraries.args())
                        .as(Messages::request),
                net.jqwik.api.Combinators.combine(ids, WireArbitraries.value(2)).as(Messages::ok),
                net.jqwik.api.Combinators.combine(ids, Arbitraries.of(dev.velos.model.ErrorCode.class), WireArbitraries.text(20))
                        .as(Messages::error),
                net.jqwik.api.Combinators.combine(ids, WireArbitraries.args()).as(Messages::event));
    }

    @Property // tries: jqwik.tries.default, 2000 (junit-platform.properties); make soak runs 100,000
    void decodeRequestOnlyThrowsProtocolException(@ForAll("junk") byte[] body) {
        try {
            withinAllocationBudget(body, () -> {
                Messages.Request request = Messages.decodeRequest(body);
                assertThat(request.cmd()).isNotNull();
                assertThat(request.args()).isNotNull();
            });
        } catch (ProtocolException expected) {
            // the only allowed failure
        } catch (Throwable t) {
            fail("decodeRequest threw " + t + " for " + hex(body), t);
        }
    }

    @Property // tries: jqwik.tries.default, 2000 (junit-platform.properties); make soak runs 100,000
    void decodeResponseOnlyThrowsProtocolException(@ForAll("junk") byte[] body) {
        try {
            withinAllocationBudget(body, () -> {
                Messages.Response response = Messages.decodeResponse(body);
                assertThat(response.result()).isNotNull();
                assertThat(response.errorCode()).isNotNull();
                assertThat(response.errorMessage()).isNotNull();
            });
        } catch (ProtocolException expected) {
            // the only allowed failure
        } catch (Throwable t) {
            fail("decodeResponse threw " + t + " for " + hex(body), t);
        }
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(1024);
        // A valid magic and version with a random length, so the length check and the EOF paths are reached.
        Arbitrary<byte[]> headed = Arbitraries.bytes().array(byte[].class).ofMinSize(4).ofMaxSize(256)
                .map(rest -> {
                    byte[] out = new byte[3 + rest.length];
                    out[0] = FrameCodec.MAGIC0;
                    out[1] = FrameCodec.MAGIC1;
                    out[2] = FrameCodec.VERSION;
                    System.arraycopy(rest, 0, out, 3, rest.length);
                    return out;
                });
        // Valid frames around garbage.
        Arbitrary<byte[]> mixed = Combinators2.concat(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(FrameCodec::encode),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
        return Arbitraries.frequencyOf(Tuple.of(2, random), Tuple.of(2, headed), Tuple.of(1, mixed));
    }

    @Property // tries: jqwik.tries.default, 2000 (junit-platform.properties); make soak runs 100,000
    void frameReadOnlyThrowsProtocolOrEofException(@ForAll("streams") byte[] stream, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        FrameCodecPropertiesTest.ChunkedChannel channel = new FrameCodecPropertiesTest.ChunkedChannel(stream, chunk);
        try {
            // A random length up to 16 MiB is legitimately allocated before the EOF; more than that is not.
            long before = allocatedBytes();
            try {
                for (int frames = 0; frames <= stream.length; frames++) {
                    Optional<byte[]> body = FrameCodec.read(channel);
                    if (body.isEmpty()) {
                        assertThat(channel.position()).isEqualTo(stream.length);
                        return;
                    }
                    assertThat(body.get().length).isLessThanOrEqualTo(FrameCodec.MAX_BODY);
                }
                fail("more frames than bytes");
            } finally {
                assertThat(allocatedBytes() - before).isLessThan(FrameCodec.MAX_BODY + ALLOCATION_BUDGET);
            }
        } catch (ProtocolException | EOFException expected) {
            // the only allowed failures
        } catch (Throwable t) {
            fail("FrameCodec.read threw " + t + " for " + hex(stream), t);
        }
    }

    @Property // tries: jqwik.tries.default, 2000 (junit-platform.properties); make soak runs 100,000
    void bodyLengthOnlyThrowsProtocolException(@ForAll @Size(max = 12) byte[] header, @ForAll boolean validPrefix) {
        if (validPrefix && header.length >= 3) {
            header[0] = FrameCodec.MAGIC0;
            header[1] = FrameCodec.MAGIC1;
            header[2] = FrameCodec.VERSION;
        }
        try {
            int length = FrameCodec.bodyLength(ByteBuffer.wrap(header));
            assertThat(length).isBetween(0, FrameCodec.MAX_BODY);
        } catch (ProtocolException expected) {
            // the only allowed failure
        } catch (Throwable t) {
            fail("bodyLength threw " + t + " for " + hex(header), t);
        }
    }

    @Example
    void everyHostilePrefixIsAProtocolError() {
        for (byte[] container : CONTAINERS) {
            for (byte[] value : HOSTILE_PREFIXES) {
                byte[] body = Arrays.copyOf(container, container.length + value.length);
                System.arraycopy(value, 0, body, container.length, value.length);
                assertThatThrownBy(() -> Messages.decodeRequest(body)).as(hex(body)).isInstanceOf(ProtocolException.class);
                assertThatThrownBy(() -> Messages.decodeResponse(body)).as(hex(body)).isInstanceOf(ProtocolException.class);
            }
        }
    }

    /** {id:1, cmd:"echo", args: [[[...null...]]]} with {@code depth} containers in total. */
    static byte[] nestedRequest(int depth) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes(0x83, 0xa2, 'i', 'd', 0x01, 0xa3, 'c', 'm', 'd', 0xa4, 'e', 'c', 'h', 'o', 0xa4, 'a', 'r', 'g', 's'));
        for (int i = 1; i < depth; i++) {
            body.write(0x91);
        }
        body.write(0xc0);
        return body.toByteArray();
    }

    /**
     * A very deep nesting (a 16 MiB frame of 0x91 could carry 16 million levels) is refused up
     * front: accepted, it would build millions of nodes and overflow the stack when written back.
     */
    @Example
    void deeplyNestedBodiesAreProtocolErrors() {
        assertThatThrownBy(() -> Messages.decodeRequest(nestedRequest(200_000)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> Messages.decodeRequest(nestedRequest(StructureCheck.MAX_DEPTH + 1)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("nested deeper");
        // At the limit it decodes, and the tree can be written back (as an echo would).
        Messages.Request atLimit = Messages.decodeRequest(nestedRequest(StructureCheck.MAX_DEPTH));
        assertThat(Messages.decodeResponse(Messages.ok(atLimit.id(), atLimit.args())).ok()).isTrue();
        assertThat(Messages.decodeResponse(Messages.ok(atLimit.id(), atLimit.args().value())).ok()).isTrue();
    }

    /** A few bytes announcing gigabytes are refused before the MessagePack reader sizes a buffer by them. */
    @Example
    void hugeAnnouncedPayloadsAreRefusedWithoutAllocating() {
        byte[][] bodies = {bytes(0xc6, 0x7f, 0xff, 0xff, 0xf0), bytes(0xdb, 0x7f, 0xff, 0xff, 0xf0),
                bytes(0xc9, 0x7f, 0xff, 0xff, 0xf0, 0x01), bytes(0x81, 0xa2, 'i', 'd', 0xdb, 0x7f, 0xff, 0xff, 0xf0),
                bytes(0xdd, 0x7f, 0xff, 0xff, 0xff), bytes(0xdf, 0xff, 0xff, 0xff, 0xff)};
        for (byte[] body : bodies) {
            assertThatThrownBy(() -> withinAllocationBudget(body, () -> WireReader.checked(body).value())).as(hex(body))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("announces more data");
        }
    }

    @Example
    void nonMapBodiesAndMissingFieldsAreProtocolErrors() {
        List<Object> notMaps = List.of(1, "x", List.of(1, 2), true);
        for (Object value : notMaps) {
            byte[] body = encodeRaw(value);
            assertThatThrownBy(() -> Messages.decodeRequest(body)).isInstanceOf(ProtocolException.class);
            assertThatThrownBy(() -> Messages.decodeResponse(body)).isInstanceOf(ProtocolException.class);
        }
        assertThatThrownBy(() -> Messages.decodeRequest(encodeRaw(Map.of("id", 1)))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Messages.decodeRequest(encodeRaw(Map.of("cmd", "ping")))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Messages.decodeRequest(encodeRaw(Map.of("id", "one", "cmd", "ping"))))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Messages.decodeRequest(encodeRaw(Map.of("id", 1, "cmd", 5)))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Messages.decodeResponse(encodeRaw(Map.of("ok", true)))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Messages.decodeRequest(new byte[0])).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Messages.decodeResponse(new byte[0])).isInstanceOf(ProtocolException.class);
    }

    private static byte[] encodeRaw(Object value) {
        return Plain.body(value);
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 64); i++) {
            sb.append(String.format("%02x", bytes[i]));
        }
        return sb + (bytes.length > 64 ? "... (" + bytes.length + " bytes)" : "");
    }

    /** Concatenation of two byte-array arbitraries. */
    static final class Combinators2 {
        private Combinators2() {
        }

        static Arbitrary<byte[]> concat(Arbitrary<byte[]> first, Arbitrary<byte[]> second) {
            return net.jqwik.api.Combinators.combine(first, second).as((a, b) -> {
                byte[] out = Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, out, a.length, b.length);
                return out;
            });
        }
    }
}
