// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.velos.model.Level;

import org.junit.jupiter.api.Test;

import static dev.velos.logs.Lines.line;
import static org.assertj.core.api.Assertions.assertThat;

/** Dedupe fed newest first, as the daemon streams it from files, groups exactly as over the list oldest first. */
class StreamedDedupTest {
    private static final String[] MESSAGES = {"retry of job 17", "heartbeat", "db timeout after 300ms", "user 42 logged in",
        "cache miss for key abc", "worker 3 exited"};

    @Test
    void newestFirstMakesTheSameGroupsAsTheList() {
        Random random = new Random(14_8);
        for (int round = 0; round < 200; round++) {
            List<ClassifiedLine> lines = new ArrayList<>();
            long ts = 0;
            for (int i = 0; i < 300; i++) {
                ts += random.nextInt(3) == 0 ? random.nextInt(120_000) : random.nextInt(50);
                lines.add(line(ts, Level.values()[random.nextInt(Level.values().length)],
                        MESSAGES[random.nextInt(MESSAGES.length)].replace("17", Integer.toString(random.nextInt(99)))));
            }
            Dedup.NewestFirst streamed = new Dedup.NewestFirst(Dedup.DEFAULT_WINDOW_MS);
            lines.reversed().forEach(streamed::add);
            assertThat(streamed.build()).containsExactlyElementsOf(Dedup.group(lines, Dedup.DEFAULT_WINDOW_MS));
        }
    }
}
