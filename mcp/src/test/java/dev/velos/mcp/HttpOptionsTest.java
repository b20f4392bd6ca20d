// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpOptionsTest {
    @Test
    void loopbackNeedsNoToken() {
        assertThat(new HttpOptions("127.0.0.1", 0, Optional.empty()).token()).isEmpty();
        assertThat(new HttpOptions("localhost", 8080, Optional.empty()).host()).isEqualTo("localhost");
        assertThat(new HttpOptions("::1", 0, Optional.of("   ")).token()).as("a blank token is no token").isEmpty();
    }

    @Test
    void everyOtherAddressNeedsAToken() {
        assertThatThrownBy(() -> new HttpOptions("0.0.0.0", 0, Optional.empty()))
                .hasMessageContaining("refusing to listen on 0.0.0.0 without --token");
        assertThat(new HttpOptions("0.0.0.0", 0, Optional.of("0123456789abcdef")).token()).isPresent();
    }

    @Test
    void shortTokensAndBadPortsAreRefused() {
        assertThatThrownBy(() -> new HttpOptions("0.0.0.0", 0, Optional.of("short"))).hasMessageContaining("at least 16");
        assertThatThrownBy(() -> new HttpOptions("127.0.0.1", 70000, Optional.empty())).hasMessageContaining("0-65535");
    }
}
