// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import dev.velos.model.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.velos.model.LogStream.STDERR;
import static dev.velos.model.LogStream.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;

class ClassifierJsonTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "fatal,FATAL", "panic,FATAL", "critical,FATAL", "CRIT,FATAL", "emerg,FATAL", "Alert,FATAL",
            "error,ERROR", "ERR,ERROR", "severe,ERROR",
            "warn,WARN", "WARNING,WARN",
            "debug,DEBUG", "trace,DEBUG",
            "info,INFO", "notice,INFO", "whatever,INFO", "'',INFO"})
    void levelStringsMapCaseInsensitively(String value, Level expected) {
        assertThat(Classifier.classify("{\"level\":\"" + value + "\",\"msg\":\"x\"}", STDERR)).isEqualTo(expected);
        assertThat(Classifier.classify("{\"msg\":\"x\", \"severity\": \"" + value + "\"}", STDOUT)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "10,DEBUG", "20,DEBUG", "30,INFO", "40,WARN", "50,ERROR", "60,FATAL",
            "0,DEBUG", "-5,DEBUG", "29.9,DEBUG", "35,INFO", "45,WARN", "55,ERROR", "99,FATAL", "1e3,FATAL", "3.5E1,INFO"})
    void pinoNumericLevelsAndRanges(String value, Level expected) {
        assertThat(Classifier.classify("{\"level\":" + value + ",\"time\":1764000000000,\"pid\":7,\"msg\":\"x\"}", STDOUT))
                .isEqualTo(expected);
    }

    @Test
    void theDeclaredLevelBeatsTheWordsAndTheStream() {
        assertThat(Classifier.classify("{\"level\":\"info\",\"msg\":\"retrying after error\"}", STDERR)).isEqualTo(Level.INFO);
        assertThat(Classifier.classify("{\"level\":30,\"msg\":\"fatal? no\"}", STDOUT)).isEqualTo(Level.INFO);
        assertThat(Classifier.classify("  {\"level\":\"error\"}  \r", STDOUT)).isEqualTo(Level.ERROR);
    }

    @Test
    void levelWinsOverSeverityAndKeysAreCaseInsensitive() {
        assertThat(Classifier.classify("{\"severity\":\"debug\",\"level\":\"error\"}", STDOUT)).isEqualTo(Level.ERROR);
        assertThat(Classifier.classify("{\"level\":\"error\",\"severity\":\"debug\"}", STDOUT)).isEqualTo(Level.ERROR);
        assertThat(Classifier.classify("{\"Level\":\"WARN\"}", STDOUT)).isEqualTo(Level.WARN);
        assertThat(Classifier.classify("{\"SEVERITY\":\"ERROR\"}", STDOUT)).isEqualTo(Level.ERROR);
        assertThat(Classifier.classify("{\"lev\\u0065l\":\"w\\u0061rn\"}", STDOUT)).isEqualTo(Level.WARN);
    }

    @Test
    void nestedLevelKeysAreIgnored() {
        assertThat(Classifier.classify("{\"ctx\":{\"level\":60},\"msg\":\"ok\"}", STDOUT)).isEqualTo(Level.INFO);
        assertThat(Classifier.classify("{\"ctx\":{\"level\":\"warn\"},\"msg\":\"ok\"}", STDOUT)).as("no top-level key: word rules")
                .isEqualTo(Level.WARN);
        assertThat(Classifier.classify("{\"a\":[{\"level\":\"fatal\"},[1,2,{}],\"s\"],\"level\":\"debug\"}", STDOUT))
                .isEqualTo(Level.DEBUG);
    }

    @Test
    void aLevelThatIsNeitherStringNorNumberFallsBackToTheWords() {
        assertThat(Classifier.classify("{\"level\":null,\"msg\":\"disk failure\"}", STDOUT)).isEqualTo(Level.ERROR);
        assertThat(Classifier.classify("{\"level\":true}", STDERR)).isEqualTo(Level.WARN);
        assertThat(Classifier.classify("{\"level\":{\"name\":\"error\"}}", STDOUT)).isEqualTo(Level.ERROR);
        assertThat(Classifier.classify("{\"msg\":\"warning: low disk\"}", STDOUT)).isEqualTo(Level.WARN);
        assertThat(Classifier.classify("{}", STDERR)).isEqualTo(Level.WARN);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{\"level\":\"info\" error",
            "{\"level\":\"info\"} trailing error",
            "{\"level\":\"info\",} error",
            "{\"level\":\"info\" \"x\":1} error",
            "{level:\"info\"} error",
            "{\"level\":\"info\",\"n\":01} error",
            "{\"level\":\"info\",\"n\":1.} error",
            "{\"level\":\"info\",\"n\":-} error",
            "{\"level\":\"info\",\"b\":tru} error",
            "{\"level\":\"info\",\"s\":\"bad \\x escape\"} error",
            "{\"level\":\"info\",\"s\":\"raw\ttab\"} error",
            "{\"level\":\"info\",\"a\":[1,]} error",
            "{\"level\":\"info\",\"a\":[1 2]} error",
            "{\"level\":\"info\",\"a\":{\"k\" 1}} error",
            "{\"level\":\"info\",\"a\":[[[[ error",
            "{\"level\":\"info\",\"u\":\"\\u12\"} error",
            "{\"level\":\"info\"}} error",
            "{ error"})
    void malformedJsonFallsBackToTheWordRules(String message) {
        assertThat(Classifier.classify(message, STDOUT)).isEqualTo(Level.ERROR);
    }

    @Test
    void deepNestingDoesNotOverflowTheStack() {
        String deep = "{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + ",\"level\":\"warn\"}";
        assertThat(Classifier.classify(deep, STDOUT)).isEqualTo(Level.WARN);
        String open = "{\"a\":" + "[".repeat(200_000);
        assertThat(Classifier.classify(open, STDERR)).isEqualTo(Level.WARN);
    }
}
