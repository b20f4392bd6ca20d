// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * Frames on the control socket: a 7-byte header — magic {@code 0x56 0x10}, a version byte, the
 * body length as u32 little-endian — then the MessagePack body. A bad magic, an unknown version
 * or a length over {@link #MAX_BODY} is a {@link ProtocolException}: the connection is closed,
 * because nothing after a bad header can be trusted to be in sync.
 */
public final class FrameCodec {
    public static final byte MAGIC0 = 0x56;
    public static final byte MAGIC1 = 0x10;
    public static final byte VERSION = 1;
    public static final int HEADER_BYTES = 7;
    public static final int MAX_BODY = 16 * 1024 * 1024;
    /**
     * The largest request body the daemon reads (issue 14.8): a request is a command and its
     * arguments, never bulk data, so anything bigger is refused by its header, before its body is
     * held in memory. Replies may be larger (up to {@link #MAX_BODY}; bigger ones are paged).
     */
    public static final int MAX_REQUEST_BODY = 1024 * 1024;

    private FrameCodec() {
    }

    /** The header for a body of {@code length} bytes. */
    public static ByteBuffer header(int length) {
        if (length < 0 || length > MAX_BODY) {
            throw new ProtocolException("frame body of " + length + " bytes exceeds the 16 MiB limit");
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC0).put(MAGIC1).put(VERSION).putInt(length).flip();
        return header;
    }

    /** The body length a header announces; throws for anything that is not a valid header. */
    public static int bodyLength(ByteBuffer header) {
        ByteBuffer h = header.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (h.remaining() < HEADER_BYTES) {
            throw new ProtocolException("short frame header");
        }
        byte m0 = h.get();
        byte m1 = h.get();
        if (m0 != MAGIC0 || m1 != MAGIC1) {
            throw new ProtocolException(String.format("bad frame magic 0x%02x 0x%02x (expected 0x56 0x10)", m0, m1));
        }
        byte version = h.get();
        if (version != VERSION) {
            throw new ProtocolException("unsupported protocol version " + version + " (this side speaks " + VERSION + ")");
        }
        long length = Integer.toUnsignedLong(h.getInt());
        if (length > MAX_BODY) {
            throw new ProtocolException("frame body of " + length + " bytes exceeds the 16 MiB limit");
        }
        return (int) length;
    }

    /** Writes one frame, all of it, even when the channel takes it in pieces. */
    public static void write(WritableByteChannel channel, byte[] body) throws IOException {
        ByteBuffer[] parts = {header(body.length), ByteBuffer.wrap(body)};
        for (ByteBuffer part : parts) {
            while (part.hasRemaining()) {
                channel.write(part);
            }
        }
    }

    /** The full frame (header + body) as one array. */
    public static byte[] encode(byte[] body) {
        ByteBuffer header = header(body.length);
        byte[] frame = new byte[HEADER_BYTES + body.length];
        header.get(frame, 0, HEADER_BYTES);
        System.arraycopy(body, 0, frame, HEADER_BYTES, body.length);
        return frame;
    }

    /**
     * Reads one frame body from a blocking channel; empty at a clean end of stream between frames.
     * An end of stream inside a frame is an {@link EOFException}.
     */
    public static Optional<byte[]> read(ReadableByteChannel channel) throws IOException {
        return read(channel, MAX_BODY);
    }

    /**
     * As {@link #read(ReadableByteChannel)}, but a valid frame announcing more than {@code maxBody}
     * bytes is read past without being kept (in small pieces, so the sender is not left blocked
     * and can read the refusal) and reported as {@link FrameTooLargeException}; the stream is then
     * still in sync.
     */
    public static Optional<byte[]> read(ReadableByteChannel channel, int maxBody) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        if (!readFully(channel, header, true)) {
            return Optional.empty();
        }
        header.flip();
        int length = bodyLength(header);
        if (length > maxBody) {
            skip(channel, length);
            throw new FrameTooLargeException(length, maxBody);
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(channel, body, false);
        return Optional.of(body.array());
    }

    private static void skip(ReadableByteChannel channel, int length) throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
        for (int left = length; left > 0; ) {
            scratch.clear().limit(Math.min(scratch.capacity(), left));
            readFully(channel, scratch, false);
            left -= scratch.limit();
        }
    }

    private static boolean readFully(ReadableByteChannel channel, ByteBuffer buffer, boolean eofAllowedAtStart)
            throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer);
            if (n < 0) {
                if (eofAllowedAtStart && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("connection closed inside a frame");
            }
        }
        return true;
    }
}
