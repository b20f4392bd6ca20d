// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import org.junit.jupiter.api.Test;

import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandWordsTest {
    @Test
    void splitsLikeAShell() {
        assertThat(CommandWords.split("python3 -m http.server 8000")).containsExactly("python3", "-m", "http.server", "8000");
        assertThat(CommandWords.split("echo 'a b' \"c \\\"d\\\"\" e\\ f")).containsExactly("echo", "a b", "c \"d\"", "e f");
        assertThat(CommandWords.split("  ")).isEmpty();
        assertThatThrownBy(() -> CommandWords.split("echo 'open")).isInstanceOf(VelosException.class).hasMessageContaining("unclosed");
    }

    @Test
    void seesWhatNeedsAShell() {
        assertThat(CommandWords.needsShell("python3 app.py --port 80")).isFalse();
        assertThat(CommandWords.needsShell("echo 'a | b'")).isFalse();
        assertThat(CommandWords.needsShell("a && b")).isTrue();
        assertThat(CommandWords.needsShell("echo $HOME")).isTrue();
        assertThat(CommandWords.needsShell("echo \"$HOME\"")).isTrue();
    }

    @Test
    void durationsTakeUnitsAndBareMilliseconds() {
        assertThat(Durations.parseMillis("500ms")).isEqualTo(500);
        assertThat(Durations.parseMillis("5s")).isEqualTo(5000);
        assertThat(Durations.parseMillis("2m")).isEqualTo(120_000);
        assertThat(Durations.parseMillis("1h")).isEqualTo(3_600_000);
        assertThat(Durations.parseMillis("750")).isEqualTo(750);
        assertThatThrownBy(() -> Durations.parseMillis("1.5s")).hasMessageContaining("invalid duration '1.5s'");
        assertThatThrownBy(() -> Durations.parseMillis("-1")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> Durations.parseMillis("999h")).hasMessageContaining("invalid duration '999h'");
    }
}
