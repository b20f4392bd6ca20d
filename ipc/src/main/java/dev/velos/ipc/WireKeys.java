// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The field names of the wire records, UTF-8 encoded once: a 100-app {@code list} answer has
 * about 4,000 keys, and encoding each (or decoding each into a String) was most of the codec's
 * garbage. Only the codecs' constant names come here, so the cache stays as small as the protocol.
 */
final class WireKeys {
    private static final ConcurrentHashMap<String, byte[]> UTF8 = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, byte[]> PACKED = new ConcurrentHashMap<>();

    private WireKeys() {
    }

    /** The key's UTF-8 bytes. */
    static byte[] utf8(String key) {
        byte[] bytes = UTF8.get(key); // get first: computeIfAbsent may lock the bin even when the key is there
        return bytes != null ? bytes : UTF8.computeIfAbsent(key, k -> k.getBytes(StandardCharsets.UTF_8));
    }

    /** The key as a whole MessagePack string: header and bytes. */
    static byte[] packed(String key) {
        byte[] packed = PACKED.get(key);
        return packed != null ? packed : PACKED.computeIfAbsent(key, k -> {
            byte[] bytes = utf8(k);
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
