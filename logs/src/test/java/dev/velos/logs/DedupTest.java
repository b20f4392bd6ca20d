// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.List;

import dev.velos.model.Level;

import org.junit.jupiter.api.Test;

import static dev.velos.logs.Lines.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DedupTest {
    @Test
    void linesWithTheSameTemplateInsideTheWindowMerge() {
        List<DedupGroup> groups = Dedup.group(List.of(
                line(1_000, Level.WARN, "retry of job 1234"),
                line(2_000, Level.INFO, "heartbeat"),
                line(30_000, Level.ERROR, "retry of job 5678"),
                line(90_000, Level.INFO, "retry of job 9012")), Dedup.DEFAULT_WINDOW_MS);
        assertThat(groups).containsExactly(
                new DedupGroup("retry of job <N>", 3, 1_000, 90_000, Level.ERROR, "retry of job 1234"),
                new DedupGroup("heartbeat", 1, 2_000, 2_000, Level.INFO, "heartbeat"));
    }

    @Test
    void theWindowIsInclusive() {
        List<DedupGroup> groups = Dedup.group(List.of(line(0, Level.INFO, "a"), line(60_000, Level.INFO, "a")), 60_000);
        assertThat(groups).singleElement().extracting(DedupGroup::count).isEqualTo(2L);
    }

    @Test
    void aTemplateThatRecursAfterTheWindowStartsANewGroupAndTheOldOneIsKept() {
        List<DedupGroup> groups = Dedup.group(List.of(
                line(0, Level.ERROR, "db timeout after 3000ms"),
                line(10_000, Level.ERROR, "db timeout after 3001ms"),
                line(20_000, Level.ERROR, "db timeout after 3002ms"),
                line(200_000, Level.WARN, "db timeout after 3003ms")), 60_000);
        assertThat(groups).containsExactly(
                new DedupGroup("db timeout after <N>ms", 3, 0, 20_000, Level.ERROR, "db timeout after 3000ms"),
                new DedupGroup("db timeout after <N>ms", 1, 200_000, 200_000, Level.WARN, "db timeout after 3003ms"));
    }

    @Test
    void groupsSortByCountThenFirstSeen() {
        List<DedupGroup> groups = Dedup.group(List.of(
                line(5, Level.INFO, "c"), line(6, Level.INFO, "b"), line(7, Level.INFO, "a"),
                line(8, Level.INFO, "a"), line(9, Level.INFO, "b")), 60_000);
        assertThat(groups).extracting(DedupGroup::template).containsExactly("b", "a", "c");
    }

    @Test
    void outOfOrderAndExtremeTimestampsDoNotOverflow() {
        List<DedupGroup> groups = Dedup.group(List.of(
                line(Long.MIN_VALUE, Level.INFO, "x"), line(Long.MAX_VALUE, Level.INFO, "x"), line(0, Level.INFO, "x")), 60_000);
        assertThat(groups).extracting(DedupGroup::count).containsExactly(2L, 1L);
    }

    @Test
    void emptyInputAndBadWindow() {
        assertThat(Dedup.group(List.of(), 1)).isEmpty();
        assertThatThrownBy(() -> Dedup.group(List.of(), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
