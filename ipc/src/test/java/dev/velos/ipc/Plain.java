// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.Map;

/** Test helpers over plain decoded values. */
final class Plain {
    private Plain() {
    }

    /** A payload decoded as a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Payload payload) {
        return (Map<String, Object>) payload.value();
    }

    /** One field of a payload that is a map. */
    static Object get(Payload payload, String key) {
        return map(payload).get(key);
    }

    /** {@code value} as a MessagePack body of its own (any shape, not only a message envelope). */
    static byte[] body(Object value) {
        return new WireWriter().value(value).toBytes();
    }
}
