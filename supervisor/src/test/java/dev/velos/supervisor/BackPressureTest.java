// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.model.LogLine;
import dev.velos.model.ProcessEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A saturated sink pauses pipe reading (the child blocks on its full pipe) and loses nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackPressureTest {

    @Test
    void whileTheSinkIsSaturatedNoLinesAreReadAndAfterwardsAllArrive() throws Exception {
        AtomicBoolean full = new AtomicBoolean(true);
        List<LogLine> lines = new CopyOnWriteArrayList<>();
        Recorder recorder = new Recorder();
        LogSink sink = new LogSink() {
            @Override
            public void accept(LogLine line) {
                lines.add(line);
            }

            @Override
            public boolean saturated() {
                return full.get();
            }
        };
        try (Supervisor supervisor = Supervisor.builder().logSink(sink).listener(recorder).build()) {
            // 20000 lines of 100 bytes: far more than a 64 KiB pipe holds, so the child must block.
            supervisor.start(Procs.sh("flood", "i=0; while [ $i -lt 20000 ]; do printf '%099d\\n' $i; i=$((i+1)); done",
                    Procs.NO_RESTART)).join();
            Thread.sleep(700);
            assertThat(lines).isEmpty();
            assertThat(recorder.events(ProcessEvent.Exited.class, "flood")).as("the child is blocked on its pipe").isEmpty();

            full.set(false);

            await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.events(ProcessEvent.Exited.class, "flood").isEmpty());
            assertThat(lines).hasSize(20000);
            assertThat(lines.get(19999).text()).isEqualTo(String.format("%099d", 19999));
        }
    }
}
