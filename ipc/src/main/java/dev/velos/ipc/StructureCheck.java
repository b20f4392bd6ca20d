// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

/**
 * The guard every MessagePack body passes before it is decoded. It walks the first value of the
 * body without allocating anything: every announced length and element count must fit in the
 * bytes that are actually there, and containers may nest at most {@link #MAX_DEPTH} deep.
 * msgpack-core allocates a str/bin/ext payload at its announced size before reading it, so without
 * this a 6-byte body announcing 2 GiB is an OutOfMemoryError; and a frame of nested one-element
 * arrays would recurse millions of levels deep when decoded or written back.
 */
final class StructureCheck {
    /** Deepest container nesting accepted in a body (Jackson's own default for JSON). */
    static final int MAX_DEPTH = 1000;

    private StructureCheck() {
    }

    /** Checks the first value of {@code body}; a {@link ProtocolException} says what is wrong. */
    static void check(byte[] body) {
        long[] pending = new long[MAX_DEPTH + 1];
        pending[0] = 1;
        int depth = 0;
        int pos = 0;
        while (true) {
            while (pending[depth] == 0) {
                if (depth == 0) {
                    return;
                }
                depth--;
            }
            pending[depth]--;
            if (pos >= body.length) {
                throw new ProtocolException("undecodable MessagePack body: truncated");
            }
            int type = body[pos++] & 0xff;
            long payload = 0;
            long children = 0;
            if (type <= 0x7f || type >= 0xe0 || type == 0xc0 || type == 0xc2 || type == 0xc3) {
                payload = 0; // fixint, nil, false, true
            } else if (type <= 0x8f) {
                children = 2L * (type & 0x0f);
            } else if (type <= 0x9f) {
                children = type & 0x0f;
            } else if (type <= 0xbf) {
                payload = type & 0x1f;
            } else {
                int lengthBytes = switch (type) {
                    case 0xc4, 0xc7, 0xd9 -> 1;
                    case 0xc5, 0xc8, 0xda, 0xdc, 0xde -> 2;
                    case 0xc6, 0xc9, 0xdb, 0xdd, 0xdf -> 4;
                    default -> 0;
                };
                long length = uint(body, pos, lengthBytes);
                pos += lengthBytes;
                payload = switch (type) {
                    case 0xc4, 0xc5, 0xc6, 0xd9, 0xda, 0xdb -> length; // bin, str
                    case 0xc7, 0xc8, 0xc9 -> length + 1; // ext: type byte + data
                    case 0xcc, 0xd0, 0xd4 -> type == 0xd4 ? 2 : 1;
                    case 0xcd, 0xd1, 0xd5 -> type == 0xd5 ? 3 : 2;
                    case 0xca, 0xce, 0xd2, 0xd6 -> type == 0xd6 ? 5 : 4;
                    case 0xcb, 0xcf, 0xd3, 0xd7 -> type == 0xd7 ? 9 : 8;
                    case 0xd8 -> 17;
                    case 0xdc, 0xdd, 0xde, 0xdf -> 0;
                    default -> throw new ProtocolException(String.format("undecodable MessagePack body: invalid type byte 0x%02x", type));
                };
                children = switch (type) {
                    case 0xdc, 0xdd -> length;
                    case 0xde, 0xdf -> 2 * length;
                    default -> 0;
                };
            }
            if (payload > body.length - pos || children > body.length - pos) {
                throw new ProtocolException("undecodable MessagePack body: announces more data than the "
                        + body.length + "-byte body holds");
            }
            pos += (int) payload;
            if (children > 0) {
                if (depth == MAX_DEPTH) {
                    throw new ProtocolException("undecodable MessagePack body: nested deeper than " + MAX_DEPTH);
                }
                pending[++depth] = children;
            }
        }
    }

    private static long uint(byte[] body, int pos, int bytes) {
        if (bytes > body.length - pos) {
            throw new ProtocolException("undecodable MessagePack body: truncated");
        }
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (body[pos + i] & 0xff);
        }
        return value;
    }
}
