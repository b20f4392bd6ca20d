// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;

/** Signal names and numbers as users type them in configuration and on the command line. */
class SignalsTest {

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "SIGTERM", "sigterm", "Term", " TERM ", "15", "sig15"})
    void parseAcceptsNamesWithOrWithoutSigPrefixAnyCaseAndNumbers(String text) {
        assertThat(Signals.parse(text)).contains(Signals.SIGTERM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SIG", "FOO", "SIGFOO", "0", "65", "123", "-9", "9x", "TERM9"})
    void parseRejectsUnknownNamesAndOutOfRangeNumbers(String text) {
        assertThat(Signals.parse(text)).isEmpty();
    }

    @Test
    void parseAcceptsEveryNumberFromOneToSixtyFour() {
        assertThat(Signals.parse("1")).contains(1);
        assertThat(Signals.parse("64")).contains(64);
    }

    @Test
    void nameGivesTheShortNameOrTheNumberAsText() {
        assertThat(Signals.name(Signals.SIGTERM)).isEqualTo("TERM");
        assertThat(Signals.name(Signals.SIGKILL)).isEqualTo("KILL");
        assertThat(Signals.name(Signals.SIGHUP)).isEqualTo("HUP");
        assertThat(Signals.name(40)).isEqualTo("40");
    }

    @Test
    void everyNamedSignalRoundTripsThroughNameAndParse() {
        int[] named = {Signals.SIGHUP, Signals.SIGINT, Signals.SIGQUIT, Signals.SIGKILL, Signals.SIGUSR1, Signals.SIGUSR2,
            Signals.SIGPIPE, Signals.SIGALRM, Signals.SIGTERM, Signals.SIGCHLD, Signals.SIGCONT, Signals.SIGSTOP,
            Signals.SIGTSTP, Signals.SIGWINCH};
        for (int signal : named) {
            assertThat(Signals.parse(Signals.name(signal))).as("signal %d", signal).contains(signal);
            assertThat(Signals.parse("SIG" + Signals.name(signal))).as("signal %d", signal).contains(signal);
        }
    }

    @Test
    void emptySetIsAllZeroAndFullSetHasEveryStandardSignal() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment empty = Signals.emptySet(arena);
            MemorySegment full = Signals.fullSet(arena);

            assertThat(empty.byteSize()).isEqualTo(Signals.SIGSET_SIZE);
            assertThat(empty.toArray(JAVA_BYTE)).containsOnly((byte) 0);
            // Bit n-1 stands for signal n; signals 1..31 are all in the full set.
            assertThat(full.get(JAVA_INT, 0)).isEqualTo(0x7FFF_FFFF);
        }
    }
}
