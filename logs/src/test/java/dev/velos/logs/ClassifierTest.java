// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import dev.velos.model.Level;
import dev.velos.model.LogStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.velos.model.LogStream.STDERR;
import static dev.velos.model.LogStream.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;

class ClassifierTest {
    private static Level out(String message) {
        return Classifier.classify(message, STDOUT);
    }

    private static Level err(String message) {
        return Classifier.classify(message, STDERR);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "DEBUG: initializing|DEBUG",
            "INFO: server started on port 8080|INFO",
            "WARN: deprecated API|WARN",
            "ERROR: connection timeout|ERROR",
            "FATAL: unrecoverable error|FATAL"})
    void referenceExamples(String message, Level expected) {
        assertThat(out(message)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "kernel panic|FATAL", "Critical section entered|FATAL", "fatal|FATAL",
            "error|ERROR", "err: bad|ERROR", "caught Exception|ERROR", "fail|ERROR", "job failed|ERROR", "disk failure|ERROR",
            "warn: x|WARN", "Warning: low disk|WARN", "this API is DEPRECATED|WARN",
            "debug x|DEBUG", "stack trace follows|DEBUG", "verbose mode|DEBUG",
            "info: ready|INFO"})
    void everyWordOfEveryRuleMatchesCaseInsensitively(String message, Level expected) {
        assertThat(out(message)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "0 errors so far", "TypeError: x is undefined", "tests failing", "err_code=7", "error2 retry",
            "warnings: none", "debugger attached", "infos", "FAILED_PRECONDITION", "préerror", "errorés", "http://x/error_page"})
    void partialWordsDoNotMatch(String message) {
        assertThat(out(message)).isEqualTo(Level.INFO);
        assertThat(err(message)).isEqualTo(Level.WARN);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "[error] x", "error:", "(ERROR)", "x-error-y", "error.", "\"error\"", "é error é", "ERROR\u00a0x", "tab\terror"})
    void punctuationAndSpacesAreWordBoundaries(String message) {
        assertThat(out(message)).isEqualTo(Level.ERROR);
    }

    @Test
    void theMostSevereMatchWins() {
        assertThat(out("FATAL: unrecoverable error")).isEqualTo(Level.FATAL);
        assertThat(out("debug: warning about an error")).isEqualTo(Level.ERROR);
        assertThat(out("INFO: retry after failure")).isEqualTo(Level.ERROR);
        assertThat(out("warning: verbose output")).isEqualTo(Level.WARN);
        assertThat(out("INFO: debug mode")).as("info ranks below every reference word").isEqualTo(Level.DEBUG);
        assertThat(out("DEBUG: info dump")).isEqualTo(Level.DEBUG);
    }

    @Test
    void stderrIsNotAutomaticallyAnError() {
        assertThat(err("INFO: worker pool ready")).isEqualTo(Level.INFO);
        assertThat(err("DEBUG: cache warm")).isEqualTo(Level.DEBUG);
        assertThat(err("npm notice: new version available")).isEqualTo(Level.WARN);
        assertThat(err("ERROR: boom")).isEqualTo(Level.ERROR);
        assertThat(out("npm notice: new version available")).isEqualTo(Level.INFO);
    }

    @Test
    void nothingMatchedFallsBackToTheStream() {
        assertThat(out("")).isEqualTo(Level.INFO);
        assertThat(err("")).isEqualTo(Level.WARN);
        assertThat(out("GET /health 200 3ms")).isEqualTo(Level.INFO);
        assertThat(err("    at Object.<anonymous> (/app/index.js:3:9)")).isEqualTo(Level.WARN);
        assertThat(out("\uFFFD\uFFFD broken bytes")).isEqualTo(Level.INFO);
    }

    @Test
    void rawLinesKeepTheirFields() {
        ClassifiedLine c = Classifier.classify(new RawLine(42, LogStream.STDERR, "ERROR: x"));
        assertThat(c).isEqualTo(new ClassifiedLine(42, LogStream.STDERR, Level.ERROR, "ERROR: x"));
    }

    @Test
    void nonAsciiWordsAndSurrogatesDoNotConfuseTheScanner() {
        assertThat(out("😀error😀")).isEqualTo(Level.ERROR);
        assertThat(out("𝐀error")).isEqualTo(Level.INFO);
        assertThat(out("\uD800error")).isEqualTo(Level.ERROR);
        assertThat(out("日本語のエラー")).isEqualTo(Level.INFO);
    }
}
