// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineAssemblerTest {
    private record Piece(String text, boolean continued) {
    }

    private final List<Piece> out = new ArrayList<>();

    private final Utf8 utf8 = new Utf8();

    private LineAssembler assembler(int cap) {
        return new LineAssembler(cap, (bytes, offset, length, continued, ts) ->
                out.add(new Piece(utf8.decode(bytes, offset, length), continued)));
    }

    private static void feed(LineAssembler a, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        a.feed(b, b.length, 0);
    }

    @Test
    void aLineSplitAcrossChunksComesOutWhole() {
        LineAssembler a = assembler(1024);
        feed(a, "hel");
        feed(a, "lo\nwor");
        feed(a, "ld\n");
        assertThat(out).containsExactly(new Piece("hello", false), new Piece("world", false));
    }

    @Test
    void emptyLinesAndCrlfAreHandled() {
        LineAssembler a = assembler(1024);
        feed(a, "a\r\n\nb\n");
        assertThat(out).extracting(Piece::text).containsExactly("a", "", "b");
    }

    @Test
    void aLineOverTheCapIsSplitAndMarkedContinued() {
        LineAssembler a = assembler(8);
        feed(a, "0123456789abcdefXY\nnext\n");
        assertThat(out).containsExactly(new Piece("01234567", false), new Piece("89abcdef", true),
                new Piece("XY", true), new Piece("next", false));
    }

    @Test
    void aLineOfExactlyTheCapLeavesNoEmptyContinuation() {
        LineAssembler a = assembler(8);
        feed(a, "01234567\nz\n");
        assertThat(out).containsExactly(new Piece("01234567", false), new Piece("z", false));
    }

    @Test
    void theCapNeverCutsAMultiByteCharacter() {
        LineAssembler a = assembler(8);
        feed(a, "abcdefg\u00e9\u00e9\n"); // 'é' is 2 bytes: the first would straddle byte 8
        assertThat(out).extracting(Piece::text).containsExactly("abcdefg", "\u00e9\u00e9");
        assertThat(String.join("", out.stream().map(Piece::text).toList())).isEqualTo("abcdefg\u00e9\u00e9");
    }

    @Test
    void invalidBytesBecomeReplacementCharacters() {
        LineAssembler a = assembler(64);
        byte[] bytes = {'o', 'k', (byte) 0xff, '\n'};
        a.feed(bytes, bytes.length, 0);
        assertThat(out).extracting(Piece::text).containsExactly("ok\uFFFD");
    }

    @Test
    void finishEmitsAPartialLastLine() {
        LineAssembler a = assembler(64);
        feed(a, "tail");
        assertThat(out).isEmpty();
        a.finish();
        assertThat(out).extracting(Piece::text).containsExactly("tail");
    }

    @Test
    void aLineInsideOneChunkIsPassedWithoutCopyAndTheTimestampIsTheChunks() {
        byte[] chunk = "one\ntwo\nthr".getBytes(StandardCharsets.UTF_8);
        List<Object> seen = new ArrayList<>();
        LineAssembler a = new LineAssembler(64, (bytes, offset, length, continued, ts) -> {
            seen.add(bytes == chunk);
            seen.add(ts);
        });
        a.feed(chunk, chunk.length, 42);
        byte[] rest = "ee\n".getBytes(StandardCharsets.UTF_8);
        a.feed(rest, rest.length, 43);
        assertThat(seen).containsExactly(true, 42L, true, 42L, false, 43L);
    }
    @Test
    void nextNewlineFindsTheFirstNewlineAtEveryOffsetAndBound() {
        for (int size = 0; size <= 40; size++) {
            for (int at = -1; at < size; at++) {
                byte[] bytes = new byte[size];
                java.util.Arrays.fill(bytes, (byte) 0x8A); // '\n' | 0x80: must not count as a newline
                if (at >= 0) {
                    bytes[at] = '\n';
                    if (at + 3 < size) {
                        bytes[at + 3] = '\n';
                    }
                }
                for (int from = 0; from <= size; from++) {
                    int expected = -1;
                    for (int i = from; i < size; i++) {
                        if (bytes[i] == '\n') {
                            expected = i;
                            break;
                        }
                    }
                    assertThat(LineAssembler.nextNewline(bytes, from, size)).as("size %d, at %d, from %d", size, at, from)
                            .isEqualTo(expected);
                }
            }
        }
    }
}
