// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolArgsTest {
    @Test
    void countsFallBackToTheDefaultWhenNegativeFractionalOrNotANumber() {
        assertThat(new ToolArgs(Map.of("lines", 120)).count("lines", 50)).isEqualTo(120);
        assertThat(new ToolArgs(Map.of("lines", "120")).count("lines", 50)).as("quoted").isEqualTo(120);
        assertThat(new ToolArgs(Map.of("lines", -3)).count("lines", 50)).isEqualTo(50);
        assertThat(new ToolArgs(Map.of("lines", 2.5)).count("lines", 50)).isEqualTo(50);
        assertThat(new ToolArgs(Map.of("lines", 7.0)).count("lines", 50)).isEqualTo(7);
        assertThat(new ToolArgs(Map.of("lines", "lots")).count("lines", 50)).isEqualTo(50);
        assertThat(new ToolArgs(null).count("lines", 50)).isEqualTo(50);
    }

    @Test
    void aMissingRequiredArgumentIsNamed() {
        assertThatThrownBy(() -> new ToolArgs(Map.of("name_or_id", " ")).required("name_or_id", "the process name"))
                .isInstanceOf(ToolException.class).hasMessage("missing 'name_or_id': the process name");
    }

    @Test
    void stringsAndObjectsAreTypeChecked() {
        assertThat(new ToolArgs(Map.of("args", List.of("-p", "80"))).strings("args")).containsExactly("-p", "80");
        assertThatThrownBy(() -> new ToolArgs(Map.of("args", "-p 80")).strings("args")).hasMessageContaining("array of strings");
        assertThatThrownBy(() -> new ToolArgs(Map.of("changes", Map.of())).object("changes", "what to change"))
                .hasMessageContaining("non-empty object");
        assertThat(new ToolArgs(Map.of("restart", "true")).flag("restart")).isTrue();
        assertThat(new ToolArgs(Map.of()).flag("restart")).isFalse();
    }
}
