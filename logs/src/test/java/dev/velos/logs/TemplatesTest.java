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
            "x550e8400-e29b-41d4-a716-446655440000|x<N>e<N>-e<N>b-<N>d4-a<N>-<N>",
            "550e8400-e29b-41d4-a716-44665544000|<N>e<N>-e<N>b-<N>d4-a<N>-<N>",
            "550e8400-e29b-41d4-a716-446655440000abc|<N>e<N>-e<N>b-<N>d4-a<N>-<N>abc"})
    void uuids(String message, String template) {
        assertThat(Templates.normalize(message)).isEqualTo(template);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "from 10.0.0.1 ok|from <IP> ok",
            "peer 10.0.0.1:80, retry|peer <IP>, retry",
            "at 1.2.3.4.|at <IP>.",
            "[127.0.0.1]:8080|[<IP>]:<N>",
            "version 1.2.3.4.5|version 1.2.3.4.5",
            "1234.1.1.1|<N>.1.1.1",
            "v1.2.3.4|v1.2.3.4",
            "1.2.3|1.2.3",
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
            "0x|0x",
            "0xg|0xg",
            "a0x12|a0x<N>",
            "100x12|<N>x<N>"})
    void hexLiterals(String message, String template) {
        assertThat(Templates.normalize(message)).isEqualTo(template);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "worker 3 of 8|worker 3 of 8",
            "user42 took 12.5s|user<N> took <N>.5s",
            "2026-11-26 09:00:00|<N>-<N>-<N> <N>:<N>:<N>",
            "a1b2c3|a1b2c3",
            "99|<N>",
            "no digits at all|no digits at all",
            "''|''"})
    void digitRuns(String message, String template) {
        assertThat(Templates.normalize(message)).isEqualTo(template);
    }

    @Test
    void aLineWithNothingToReplaceIsReturnedAsIs() {
        String s = "GET /health from localhost";
        assertThat(Templates.normalize(s)).isSameAs(s);
    }

    @Test
    void nonAsciiAndSurrogatesPassThrough() {
        assertThat(Templates.normalize("😀 took 250ms 😀 ünïcode 7")).isEqualTo("😀 took <N>ms 😀 ünïcode 7");
    }

    @Test
    void noRunOfTwoDigitsSurvives() {
        Random r = new Random(1);
        for (int i = 0; i < 5000; i++) {
            String s = Lines.randomText(r, "0199.:-xaF z", 80);
            assertThat(Templates.normalize(s)).as(s).doesNotContainPattern("[0-9]{2}");
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
