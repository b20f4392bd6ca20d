// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.Scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stdio session's options as {@code velos mcp-server --scope --apps} gives them. */
class StdioOptionsTest {
    private static final Path HOME = Path.of("/tmp/velos-home");

    @Test
    void theDefaultScopeIsOperateOnEveryApp() {
        assertThat(StdioOptions.parse("", List.of(), HOME)).isEqualTo(new StdioOptions(Scope.OPERATE, List.of(), HOME));
        assertThat(StdioOptions.defaults().scope()).isEqualTo(Scope.OPERATE);
        assertThat(StdioOptions.defaults().apps()).isEmpty();
    }

    @Test
    void appsAreCommaSeparatedAndRepeatableAndScopesCaseInsensitive() {
        StdioOptions o = StdioOptions.parse("READ", List.of("api, worker", "api", "db"), HOME);
        assertThat(o.scope()).isEqualTo(Scope.READ);
        assertThat(o.apps()).containsExactly("api", "worker", "db");
    }

    @Test
    void aBadScopeOrNameIsRefusedSayingWhy() {
        assertThatThrownBy(() -> StdioOptions.parse("root", List.of(), HOME)).hasMessageContaining("use read, operate, admin");
        assertThatThrownBy(() -> StdioOptions.parse("", List.of("../x"), HOME)).hasMessageContaining("invalid process name");
    }
}
