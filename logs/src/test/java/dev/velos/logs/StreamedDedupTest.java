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

    @Test
    void theSampleLogGroupsAsTheList() {
        String[] sample = {"DEBUG: initializing config loader", "INFO: server started on port 8080",
            "INFO: connected to db 10.0.0.5:5432", "WARN: deprecated API /v1/users called", "ERROR: connection timeout after 3000ms",
            "INFO: request 1001 served in 12ms", "INFO: request 1002 served in 15ms", "INFO: request 1003 served in 11ms",
            "ERROR: connection timeout after 3500ms", "INFO: cache warmed", "{\"level\":\"error\",\"msg\":\"payment declined\"}",
            "{\"level\":30,\"msg\":\"pino says hi\"}", "ERROR: connection timeout after 4000ms", "FATAL: unrecoverable state, exiting"};
        List<ClassifiedLine> lines = new ArrayList<>();
        for (int i = 0; i < sample.length; i++) {
            lines.add(Classifier.classify(new RawLine(1_000 + 25L * i, dev.velos.model.LogStream.STDOUT, sample[i])));
        }
        Dedup.NewestFirst streamed = new Dedup.NewestFirst(Dedup.DEFAULT_WINDOW_MS);
        lines.reversed().forEach(streamed::add);
        assertThat(streamed.build()).containsExactlyElementsOf(Dedup.group(lines, Dedup.DEFAULT_WINDOW_MS));
    }
}
