// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The log keys as TOML, REST, MCP and state.bin give them: read into LogSettings, rendered back, bad ones named. */
class LogFileSettingsTest {
    @Test
    void everyKeyIsReadAndRenderedBackAndDefaultsAreLeftOut() {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("log_rotate", "daily");
        keys.put("log_compress", false);
        keys.put("log_retain_days", 14L);
        keys.put("out_file", "logs/web.out");
        keys.put("error_file", "/dev/null");
        keys.put("merge_logs", "true");
        keys.put("log_format", "JSON");
        LogSettings s = LogFileSettings.parse(keys, 20L << 20, 5);
        assertThat(s).isEqualTo(new LogSettings(20L << 20, 5, LogRotation.DAILY, false, 14, "logs/web.out", "/dev/null", true,
                LogFileFormat.JSON));
        assertThat(LogFileSettings.parse(LogFileSettings.render(s), 20L << 20, 5)).isEqualTo(s);
        assertThat(LogFileSettings.render(LogFileSettings.parse(null, null, null))).isEmpty();
        assertThat(LogFileSettings.parse(Map.of(), null, null)).isEqualTo(LogSettings.DEFAULT);
    }

    @Test
    void aWrongKeyOrValueIsAnInvalidArgumentNamingIt() {
        assertThatThrownBy(() -> LogFileSettings.parse(Map.of("log_rotation", "daily"), null, null))
                .isInstanceOf(VelosException.class).hasMessageContaining("unknown log setting 'log_rotation'")
                .extracting(e -> ((VelosException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> LogFileSettings.parse(Map.of("log_rotate", "weekly"), null, null))
                .hasMessageContaining("log_rotate must be \"daily\", \"hourly\" or \"none\"");
        assertThatThrownBy(() -> LogFileSettings.parse(Map.of("log_compress", 1L), null, null))
                .hasMessageContaining("log_compress must be true or false");
        assertThatThrownBy(() -> LogFileSettings.parse(Map.of("log_retain_days", -1L), null, null))
                .hasMessageContaining("log_retain_days must be 0-36500");
        assertThatThrownBy(() -> LogFileSettings.parse(Map.of("out_file", 3L), null, null))
                .hasMessageContaining("out_file must be a string");
        assertThatThrownBy(() -> LogFileSettings.parse(Map.of(), 100L, null)).hasMessageContaining("log_max_size must be at least 4K");
    }
}
