// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * velos's channel protocol at {@code VELOS_IPC_FD} (REFERENCE §4): frames of a u32 little-endian
 * length and that many bytes (at most 64 KiB) in both directions. Any complete frame from the
 * child is its ready message ({@code ready} by convention; the content is not inspected); the
 * shutdown message is {@code {"type":"shutdown"}}. A frame over the limit breaks the protocol.
 */
final class VelosFrames implements ChannelReader.Protocol {
    static final int MAX_FRAME = 64 * 1024;
    static final String SHUTDOWN = "{\"type\":\"shutdown\"}";
    private static final System.Logger LOG = System.getLogger(VelosFrames.class.getName());

    private final String name;
    private final Runnable onMessage;
    private final byte[] header = new byte[4];
    private int headerHave;
    /** Bytes still to skip of the frame being received; -1 while a header is being read. */
    private int remaining = -1;

    VelosFrames(String name, Runnable onMessage) {
        this.name = name;
        this.onMessage = onMessage;
    }

    @Override
    public boolean consume(byte[] bytes, int count) {
        int i = 0;
        while (i < count) {
            if (remaining < 0) {
                header[headerHave++] = bytes[i++];
                if (headerHave < 4) {
                    continue;
                }
                headerHave = 0;
                int length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (length < 0 || length > MAX_FRAME) {
                    LOG.log(System.Logger.Level.WARNING, "process ''{0}'' sent a channel frame of {1} bytes (max {2}); "
                            + "closing its channel", name, Integer.toUnsignedLong(length), MAX_FRAME);
                    return false;
                }
                remaining = length;
            }
            int take = Math.min(remaining, count - i);
            i += take;
            remaining -= take;
            if (remaining == 0) {
                remaining = -1;
                onMessage.run();
            }
        }
        return true;
    }

    @Override
    public byte[] shutdownMessage() {
        byte[] body = SHUTDOWN.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + body.length).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length).put(body).array();
    }
}
