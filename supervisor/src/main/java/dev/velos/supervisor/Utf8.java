// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decodes UTF-8 keeping invalid bytes as U+FFFD, never dropping them. One instance per thread. */
final class Utf8 {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);

    String decode(byte[] bytes, int offset, int length) {
        try {
            return decoder.reset().decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("a REPLACE decoder threw", e);
        }
    }
}
