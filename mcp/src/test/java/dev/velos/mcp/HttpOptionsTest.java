// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.ApiToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpOptionsTest {
    private static final ApiToken TOKEN = ApiToken.of("0123456789abcdef", "test");

    @Test
    void everyAddressTakesTheToken() {
        assertThat(new HttpOptions("127.0.0.1", 0, TOKEN, List.of()).token()).isSameAs(TOKEN);
        assertThat(new HttpOptions("0.0.0.0", 8080, TOKEN, List.of("velos.example.com")).allowedHosts())
                .containsExactly("velos.example.com");
    }

    @Test
    void badPortsAreRefused() {
        assertThatThrownBy(() -> new HttpOptions("127.0.0.1", 70000, TOKEN, List.of())).hasMessageContaining("0-65535");
        assertThatThrownBy(() -> new HttpOptions("127.0.0.1", -1, TOKEN, List.of())).hasMessageContaining("0-65535");
    }
}
