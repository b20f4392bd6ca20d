// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Frame encode → read round trips through real channels, and header validation. */
class FrameCodecPropertiesTest {

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(256);
        Arbitrary<byte[]> large = Arbitraries.bytes().array(byte[].class).ofMinSize(256).ofMaxSize(64 * 1024);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, small), net.jqwik.api.Tuple.of(1, large))
                .edgeCases(c -> c.add(new byte[0]));
    }

    @Provide
    Arbitrary<List<byte[]>> bodyLists() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4096).list().ofMaxSize(8);
    }

    /** Several frames written into a real pipe by another thread come back whole, in order, then a clean end. */
    @Property(tries = 200)
    void framesRoundTripThroughAPipe(@ForAll("bodies") byte[] first, @ForAll("bodyLists") List<byte[]> more)
            throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        bodies.add(first);
        bodies.addAll(more);
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source()) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (Pipe.SinkChannel sink = pipe.sink()) {
                    for (byte[] body : bodies) {
                        FrameCodec.write(sink, body);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            for (byte[] expected : bodies) {
                Optional<byte[]> got = FrameCodec.read(source);
                assertThat(got).isPresent();
                assertThat(got.get()).isEqualTo(expected);
            }
            assertThat(FrameCodec.read(source)).isEmpty();
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    /** encode() is exactly header + body, and a channel that hands out bytes in tiny pieces still yields the body. */
    @Property(tries = 300)
    void encodedFramesSurviveShortReads(@ForAll("bodies") byte[] body, @ForAll @IntRange(min = 1, max = 17) int chunk) throws Exception {
        byte[] frame = FrameCodec.encode(body);
        assertThat(frame).hasSize(FrameCodec.HEADER_BYTES + body.length);
        assertThat(Arrays.copyOfRange(frame, 0, 3)).containsExactly(0x56, 0x10, FrameCodec.VERSION);
        int announced = ByteBuffer.wrap(frame, 3, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(announced).isEqualTo(body.length);
        assertThat(FrameCodec.bodyLength(ByteBuffer.wrap(frame, 0, FrameCodec.HEADER_BYTES))).isEqualTo(body.length);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameCodec.write(Channels.newChannel(out), body);
        assertThat(out.toByteArray()).isEqualTo(frame);

        ReadableByteChannel channel = new ChunkedChannel(frame, chunk);
        assertThat(FrameCodec.read(channel)).hasValueSatisfying(b -> assertThat(b).isEqualTo(body));
        assertThat(FrameCodec.read(channel)).isEmpty();
    }

    /** Any valid frame cut short anywhere after its first byte is an EOFException, never a partial body. */
    @Property(tries = 300)
    void truncatedFramesAreEof(@ForAll @Size(max = 512) byte[] body, @ForAll @IntRange(min = 1, max = 10_000) int cutSeed) {
        byte[] frame = FrameCodec.encode(body);
        int cut = 1 + cutSeed % (frame.length - 1);
        byte[] truncated = Arrays.copyOf(frame, cut);
        assertThatThrownBy(() -> FrameCodec.read(new ChunkedChannel(truncated, 64))).isInstanceOf(EOFException.class);
    }

    /** A header announcing more than 16 MiB is refused from the header alone: nothing more is read, nothing allocated. */
    @Property(tries = 300)
    void oversizedAnnouncedLengthIsRejectedBeforeReadingTheBody(
            @ForAll @LongRange(min = FrameCodec.MAX_BODY + 1L, max = 0xFFFF_FFFFL) long length) {
        byte[] header = {0x56, 0x10, FrameCodec.VERSION, (byte) length, (byte) (length >>> 8), (byte) (length >>> 16),
                (byte) (length >>> 24)};
        byte[] stream = Arrays.copyOf(header, header.length + 1024);
        ChunkedChannel channel = new ChunkedChannel(stream, 4096);
        assertThatThrownBy(() -> FrameCodec.read(channel))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("16 MiB");
        assertThat(channel.position()).as("bytes consumed").isEqualTo(FrameCodec.HEADER_BYTES);
        assertThatThrownBy(() -> FrameCodec.bodyLength(ByteBuffer.wrap(header))).isInstanceOf(ProtocolException.class);
    }

    @Example
    void limitIsInclusive() {
        ByteBuffer max = FrameCodec.header(FrameCodec.MAX_BODY);
        assertThat(FrameCodec.bodyLength(max)).isEqualTo(FrameCodec.MAX_BODY);
        assertThatThrownBy(() -> FrameCodec.header(FrameCodec.MAX_BODY + 1)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> FrameCodec.header(-1)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> FrameCodec.encode(new byte[FrameCodec.MAX_BODY + 1])).isInstanceOf(ProtocolException.class);
    }

    @Example
    void badMagicAndVersionAreProtocolErrors() {
        byte[] badMagic = {0x57, 0x10, 1, 0, 0, 0, 0};
        byte[] badVersion = {0x56, 0x10, 2, 0, 0, 0, 0};
        assertThatThrownBy(() -> FrameCodec.read(new ChunkedChannel(badMagic, 7)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> FrameCodec.read(new ChunkedChannel(badVersion, 7)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> FrameCodec.bodyLength(ByteBuffer.wrap(new byte[6])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("short");
    }

    @Example
    void emptyStreamIsACleanEnd() throws IOException {
        assertThat(FrameCodec.read(new ChunkedChannel(new byte[0], 1))).isEmpty();
    }

    /** A readable channel over an array that returns at most {@code chunk} bytes per read. */
    static final class ChunkedChannel implements ReadableByteChannel {
        private final byte[] data;
        private final int chunk;
        private int position;
        private boolean open = true;

        ChunkedChannel(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        int position() {
            return position;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(chunk, dst.remaining()), data.length - position);
            dst.put(data, position, n);
            position += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
