// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.util.Arrays;

import dev.velos.model.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Level} lives in the model module, which has no room for tests that need this module's fixtures; it is tested here. */
class LevelTest {
    @Test
    void levelsFollowTheReferenceTable() {
        assertThat(Arrays.stream(Level.values()).map(l -> l.order() + ":" + l.lowerName() + ":" + l.jsonName()))
                .containsExactly("0:debug:Debug", "1:info:Info", "2:warn:Warn", "3:error:Error", "4:fatal:Fatal");
        assertThat(Level.FATAL).isGreaterThan(Level.ERROR);
        assertThat(Level.max(Level.WARN, Level.ERROR)).isEqualTo(Level.ERROR);
        assertThat(Level.max(Level.FATAL, Level.DEBUG)).isEqualTo(Level.FATAL);
        assertThat(Level.ofOrder(3)).contains(Level.ERROR);
        assertThat(Level.ofOrder(5)).isEmpty();
    }

    @Test
    void onlyErrorAndFatalAreErrors() {
        assertThat(Arrays.stream(Level.values()).filter(Level::isErrorOrWorse)).containsExactly(Level.ERROR, Level.FATAL);
    }

    @ParameterizedTest
    @CsvSource({"debug,DEBUG", "INFO,INFO", "warn,WARN", "Warning,WARN", "error,ERROR", "ERR,ERROR", "fatal,FATAL", "' info ',INFO"})
    void userTokensParseCaseInsensitively(String token, Level expected) {
        assertThat(Level.parse(token)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "critical", "trace", "errors", "in fo", "3"})
    void unknownTokensAreEmpty(String token) {
        assertThat(Level.parse(token)).isEmpty();
    }
}
