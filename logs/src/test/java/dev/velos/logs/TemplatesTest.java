// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;


import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TemplatesTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Connection to 192.168.1.5:5432 failed|Connection to <IP> failed",
            "Processed 1234 items in 567ms|Processed <N> items in <N>ms",
            "Segfault at 0xDEADBEEF|Segfault at <HEX>"})
    void referenceExamples(String message, String template) {
        assertThat(Templates.normalize(message)).isEqualTo(template);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "req 550e8400-e29b-41d4-a716-446655440000 done|req <UUID> done",
            "id=550E8400-E29B-41D4-A716-446655440000|id=<UUID>",
            "abcdefab-abcd-abcd-abcd-abcdefabcdef|<UUID>",
            "550e8400-e29b-41d4-a716-446655440000-550e8400-e29b-41d4-a716-446655440000|<UUID>-<UUID>",
            "x550e8400-e29b-41d4-a716-446655440000|x<N>e<N>-e<N>b-<N>d<N>-a<N>-<N>",
            "550e8400-e29b-41d4-a716-44665544000|<N>e<N>-e<N>b-<N>d<N>-a<N>-<N>",
            "550e8400-e29b-41d4-a716-446655440000abc|<N>e<N>-e<N>b-<N>d<N>-a<N>-<N>abc"})
    void uuids(String message, String template) {
        assertThat(Templates.normalize(message)).isEqualTo(template);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "from 10.0.0.1 ok|from <IP> ok",
            "peer 10.0.0.1:80, retry|peer <IP>, retry",
            "at 1.2.3.4.|at <IP>.",
            "[127.0.0.1]:8080|[<IP>]:<N>",
            "version 1.2.3.4.5|version <N>.<N>.<N>.<N>.<N>",
            "1234.1.1.1|<N>.<N>.<N>.<N>",
            "v1.2.3.4|v<N>.<N>.<N>.<N>",
            "1.2.3|<N>.<N>.<N>",
            "1.2.3.4:80abc|<IP>:<N>abc",
            "1.2.3.4:550e8400-e29b-41d4-a716-446655440000|<IP>:<UUID>",
            "999.999.999.999|<IP>"})
    void ipv4WithOptionalPort(String message, String template) {
        assertThat(Templates.normalize(message)).isEqualTo(template);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "ptr 0x7ffd5e8c and 0X1F|ptr <HEX> and <HEX>",
            "0xdeadbeefz|<HEX>z",
            "0x|<N>x",
            "0xg|<N>xg",
            "a0x12|a<N>x<N>",
            "100x12|<N>x<N>"})
    void hexLiterals(String message, String template) {
        assertThat(Templates.normalize(message)).isEqualTo(template);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "worker 3 of 8|worker <N> of <N>",
            "user42 took 12.5s|user<N> took <N>.<N>s",
            "2026-11-26 09:00:00|<N>-<N>-<N> <N>:<N>:<N>",
            "a1b2c3|a<N>b<N>c<N>",
            "99|<N>",
            "no digits at all|no digits at all",
            "''|''"})
    void digitRuns(String message, String template) {
        assertThat(Templates.normalize(message)).isEqualTo(template);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "served in 0 ms|served in 12 ms",
            "worker 1 of 4 ready|worker 3 of 8 ready",
            "retry 9|retry 10"})
    void numbersOfAnyLengthGiveOneTemplate(String a, String b) {
        assertThat(Templates.normalize(a)).isEqualTo(Templates.normalize(b)).doesNotContainPattern("[0-9]");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"level\":\"info\",\"time\":1764000000123,\"msg\":\"served in 5 ms\",\"req\":17}|served in <N> ms",
            "{\"message\":\"user 42 logged in\",\"ts\":\"2026-01-01T00:00:00Z\"}|user <N> logged in",
            "{\"message\":\"winston\",\"msg\":\"pino wins\"}|pino wins",
            "{\"MSG\":\"tab\\tand \\u00e9 9\"}|tab\tand é <N>",
            "{\"msg\":42,\"n\":7}|{\"msg\":<N>,\"n\":<N>}",
            "{\"msg\":\"not closed\"|{\"msg\":\"not closed\"",
            "{\"level\":\"info\",\"n\":7}|{\"level\":\"info\",\"n\":<N>}",
            "plain 5|plain <N>"})
    void jsonLinesAreTemplatedOnTheirMessageField(String line, String template) {
        assertThat(Templates.of(line)).isEqualTo(template);
    }

    @Test
    void aLineWithNothingToReplaceIsReturnedAsIs() {
        String s = "GET /health from localhost";
        assertThat(Templates.normalize(s)).isSameAs(s);
    }

    @Test
    void nonAsciiAndSurrogatesPassThrough() {
        assertThat(Templates.normalize("😀 took 250ms 😀 ünïcode 7")).isEqualTo("😀 took <N>ms 😀 ünïcode <N>");
    }

    @Test
    void noDigitSurvives() {
        Random r = new Random(1);
        for (int i = 0; i < 5000; i++) {
            String s = Lines.randomText(r, "0199.:-xaF z", 80);
            assertThat(Templates.normalize(s)).as(s).doesNotContainPattern("[0-9]");
        }
    }

    @Test
    void textWithoutDigitsOrHexLettersIsReturnedAsIs() {
        Random r = new Random(2);
        for (int i = 0; i < 2000; i++) {
            String s = Lines.randomText(r, "ghijklmnopqrstuvwxyz -.:GXZ<>", 80);
            assertThat(Templates.normalize(s)).isSameAs(s);
        }
    }

    @Test
    void arbitraryTextNeverThrows() {
        Random r = new Random(3);
        for (int i = 0; i < 5000; i++) {
            assertThat(Templates.normalize(Lines.randomUnits(r, 200))).isNotNull();
        }
    }
}
