// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LineBlock#appendLines} (the bulk path of a flood with no follower) writes exactly the bytes
 * {@link LineBlock#append} writes line by line, and stops after the line that reaches the block's
 * limit, so hand-offs (and with them rotation) fall where they did.
 */
class LineBlockTest {
    private static final byte[] STAMP = "2026-12-05T14:40:00.123+00:00".getBytes(StandardCharsets.US_ASCII);

    private static byte[] chunk() {
        return "one\ntwo two\n\nthree three three\nfour\nlast line of the chunk\n".getBytes(StandardCharsets.UTF_8);
    }

    private static int[][] ranges(byte[] chunk) {
        int[] starts = new int[16];
        int[] lengths = new int[16];
        int n = 0;
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                starts[n] = start;
                lengths[n++] = i - start;
                start = i + 1;
            }
        }
        return new int[][] {Arrays.copyOf(starts, n), Arrays.copyOf(lengths, n)};
    }

    @Test
    void bulkLinesAreTheSameBytesAsLineByLine() {
        byte[] chunk = chunk();
        int[][] r = ranges(chunk);
        LineBlock one = new LineBlock(8);
        one.limit = Integer.MAX_VALUE;
        for (int i = 0; i < r[0].length; i++) {
            one.append(STAMP, false, chunk, r[0][i], r[1][i]);
        }
        LineBlock bulk = new LineBlock(8);
        bulk.limit = Integer.MAX_VALUE;
        assertThat(bulk.appendLines(STAMP, chunk, r[0], r[1], 0, r[0].length)).isEqualTo(r[0].length);

        assertThat(bulk.lines).isEqualTo(one.lines).isEqualTo(6);
        assertThat(Arrays.copyOf(bulk.bytes, bulk.length)).isEqualTo(Arrays.copyOf(one.bytes, one.length));
    }

    @Test
    void stopsAfterTheLineThatReachesTheLimitAndAlwaysTakesOne() {
        byte[] chunk = chunk();
        int[][] r = ranges(chunk);
        LineBlock block = new LineBlock(8);
        // Two lines ("one", "two two") make STAMP.length * 2 + 4 + 10 bytes; the limit falls inside the second.
        block.limit = STAMP.length * 2 + 4 + 5;
        assertThat(block.appendLines(STAMP, chunk, r[0], r[1], 0, r[0].length)).isEqualTo(2);
        assertThat(block.length).isGreaterThanOrEqualTo(block.limit);
        assertThat(block.lines).isEqualTo(2);

        LineBlock full = new LineBlock(8);
        full.limit = 0; // already at its limit: one line still goes in, as append would have taken it
        assertThat(full.appendLines(STAMP, chunk, r[0], r[1], 3, r[0].length)).isEqualTo(4);
        assertThat(new String(full.bytes, 0, full.length, StandardCharsets.UTF_8))
                .isEqualTo(new String(STAMP, StandardCharsets.US_ASCII) + " three three three\n");
    }
}
