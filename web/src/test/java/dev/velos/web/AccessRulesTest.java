// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessRulesTest {
    @Test
    void aPublicBindWithoutATokenIsRefused() {
        assertThatThrownBy(() -> BindPolicy.check("0.0.0.0", null)).isInstanceOf(UsageException.class)
                .hasMessageContaining("refusing to listen on 0.0.0.0 without a token");
        assertThatThrownBy(() -> BindPolicy.check("0.0.0.0", " ")).isInstanceOf(UsageException.class);
        assertThatCode(() -> BindPolicy.check("0.0.0.0", "secret")).doesNotThrowAnyException();
    }

    @Test
    void loopbackNeedsNoToken() {
        for (String host : new String[] {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
            assertThatCode(() -> BindPolicy.check(host, null)).as(host).doesNotThrowAnyException();
        }
    }

    @Test
    void anUnknownHostIsAUsageError() {
        assertThatThrownBy(() -> BindPolicy.check("no-such-host.invalid", null)).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown host");
    }

    @Test
    void tokensMatchExactlyOnly() {
        AccessGuard guard = new AccessGuard(Optional.of("s3cret"), Optional.empty(), null);
        assertThat(guard.matches("s3cret")).isTrue();
        assertThat(guard.matches("s3cret ")).isFalse();
        assertThat(guard.matches("s3cre")).isFalse();
        assertThat(guard.matches("")).isFalse();
        assertThat(guard.matches("S3CRET")).isFalse();
    }
}
