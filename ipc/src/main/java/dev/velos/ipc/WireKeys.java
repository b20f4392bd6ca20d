// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The field names of the wire records, packed once (header and UTF-8 bytes): a 100-app
 * {@code list} answer has about 4,000 keys, and encoding each was much of the codec's garbage.
 * Only the codecs' constant names come here, so the cache stays as small as the protocol. (The
 * reader never makes Strings of keys: {@link WireFields} compares them in place.)
 */
final class WireKeys {
    private static final ConcurrentHashMap<String, byte[]> PACKED = new ConcurrentHashMap<>();
    /**
     * In front of the map, by identity: the names are string literals, one instance each, so an
     * array slot and a {@code ==} answer almost every lookup (the map costs a few per cent of a
     * {@code list} answer's encoding). A slot holds one immutable entry, so a racing reader sees
     * either a whole entry or none; a miss or a collision just asks the map.
     */
    private static final Entry[] RECENT = new Entry[1024];

    private record Entry(String key, byte[] packed) {
    }

    private WireKeys() {
    }

    /** The key as a whole MessagePack string: header and bytes. */
    static byte[] packed(String key) {
        int slot = key.hashCode() & (RECENT.length - 1);
        Entry recent = RECENT[slot];
        if (recent != null && recent.key() == key) {
            return recent.packed();
        }
        byte[] packed = pack(key);
        RECENT[slot] = new Entry(key, packed);
        return packed;
    }

    private static byte[] pack(String key) {
        byte[] packed = PACKED.get(key);
        return packed != null ? packed : PACKED.computeIfAbsent(key, k -> {
            byte[] bytes = k.getBytes(StandardCharsets.UTF_8);
            int header = bytes.length < 32 ? 1 : bytes.length < 256 ? 2 : 3;
            byte[] out = new byte[header + bytes.length];
            if (header == 1) {
                out[0] = (byte) (0xa0 | bytes.length);
            } else if (header == 2) {
                out[0] = (byte) 0xd9;
                out[1] = (byte) bytes.length;
            } else {
                out[0] = (byte) 0xda;
                out[1] = (byte) (bytes.length >>> 8);
                out[2] = (byte) bytes.length;
            }
            System.arraycopy(bytes, 0, out, header, bytes.length);
            return out;
        });
    }
}
