// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TuiFormatTest {
    @ParameterizedTest
    @CsvSource({"0, 0 B", "1023, 0 KB", "524288, 512 KB", "1572864, 1.5 MB", "1342177280, 1.25 GB"})
    void sizesUseBytesKilobytesMegabytesAndGigabytesAsTheReferenceSays(long bytes, String shown) {
        assertThat(TuiFormat.size(bytes)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource({"5999, 5s", "62000, 1m 2s", "14709000, 4h 5m", "183600000, 2d 3h"})
    void uptimesShowTheTwoLargestUnits(long millis, String shown) {
        assertThat(TuiFormat.uptime(millis)).isEqualTo(shown);
    }
}
