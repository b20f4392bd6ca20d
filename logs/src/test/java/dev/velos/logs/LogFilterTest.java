// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.velos.model.ErrorCode;
import dev.velos.model.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.velos.logs.Lines.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LogFilterTest {
    private static final List<ClassifiedLine> LINES = List.of(
            line(1_000, Level.DEBUG, "cache warm"),
            line(2_000, Level.INFO, "GET /a 200"),
            line(3_000, Level.WARN, "slow query"),
            line(4_000, Level.ERROR, "db timeout"),
            line(5_000, Level.FATAL, "out of memory, Timeout waiting"));

    private static List<String> messages(LogFilter f) {
        return f.apply(LINES).stream().map(ClassifiedLine::message).toList();
    }

    @Test
    void levelsComeFromACommaListAndErrorDoesNotIncludeFatal() {
        assertThat(messages(LogFilter.builder().levels("error").build())).containsExactly("db timeout");
        assertThat(messages(LogFilter.builder().levels("ERR, fatal").build())).containsExactly("db timeout", "out of memory, Timeout waiting");
        assertThat(messages(LogFilter.builder().levels("warning,bogus").build())).containsExactly("slow query");
        assertThat(messages(LogFilter.builder().levels("bogus,,").build())).isEmpty();
        assertThat(messages(LogFilter.builder().levels(EnumSet.noneOf(Level.class)).build())).isEmpty();
        assertThat(LogFilter.parseLevels("Debug,INFO,warn,error,fatal")).containsExactlyElementsOf(EnumSet.allOf(Level.class));
    }

    @Test
    void grepMatchesAnywhereAndIsCaseSensitiveUnlessAskedOtherwise() {
        assertThat(messages(LogFilter.builder().grep("timeout").build())).containsExactly("db timeout");
        assertThat(messages(LogFilter.builder().grep("(?i)timeout").build())).containsExactly("db timeout", "out of memory, Timeout waiting");
        assertThat(messages(LogFilter.builder().grep("^GET /\\w+ 2\\d\\d$").build())).containsExactly("GET /a 200");
    }

    @Test
    void anInvalidPatternCarriesTheParserDetail() {
        LogQueryException e = catchThrowableOfType(LogQueryException.class, () -> LogFilter.builder().grep("(timeout"));
        assertThat(e).hasMessageStartingWith("invalid grep pattern: ").hasMessageContaining("missing closing )");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(catchThrowableOfType(LogQueryException.class, () -> LogFilter.builder().grep("(?=x)")))
                .hasMessageStartingWith("invalid grep pattern: ");
        assertThat(catchThrowableOfType(LogQueryException.class, () -> LogFilter.builder().grep("(a)\\1")))
                .hasMessageStartingWith("invalid grep pattern: ");
    }

    @Test
    void sinceAndUntilAreInclusive() {
        assertThat(messages(LogFilter.builder().since(2_000).until(4_000).build()))
                .containsExactly("GET /a 200", "slow query", "db timeout");
        assertThat(messages(LogFilter.builder().since(4_001).build())).containsExactly("out of memory, Timeout waiting");
        assertThat(messages(LogFilter.builder().until(999).build())).isEmpty();
    }

    @Test
    void filtersCombine() {
        LogFilter f = LogFilter.builder().levels("error,fatal").grep("(?i)timeout").since(4_500).build();
        assertThat(messages(f)).containsExactly("out of memory, Timeout waiting");
        assertThat(LogFilter.all().apply(LINES)).isEqualTo(LINES);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void catastrophicBacktrackingPatternsRunInLinearTime() {
        List<ClassifiedLine> evil = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            evil.add(line(i, Level.INFO, "a".repeat(1000) + "b"));
        }
        assertThat(LogFilter.builder().grep("(a+)+$").build().apply(evil)).isEmpty();
        assertThat(LogFilter.builder().grep("^(a|aa)*c$").build().apply(evil)).isEmpty();
        assertThat(LogFilter.builder().grep("(a+)+b$").build().apply(evil)).hasSize(1000);
    }
}
