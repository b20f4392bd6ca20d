// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.ApiToken;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's address and login link as {@code velos api} prints them. */
class DashboardLinkTest {
    @Test
    void theTokenTravelsInTheFragmentPercentEncoded() {
        ApiToken token = ApiToken.of("a&b#c+d=e/0123456789", "--token");
        String link = new DashboardLink("127.0.0.1", 3100).withToken(token);
        assertThat(link).isEqualTo("http://127.0.0.1:3100/#token=a%26b%23c%2Bd%3De%2F0123456789");
        assertThat(link).doesNotContain("?");
    }

    @Test
    void aWildcardBindIsReachedOnLoopbackAndIpv6GetsBrackets() {
        assertThat(new DashboardLink("0.0.0.0", 80).page()).isEqualTo("http://127.0.0.1:80/");
        assertThat(new DashboardLink("::", 3100).page()).isEqualTo("http://[::1]:3100/");
        assertThat(new DashboardLink("::1", 3100).page()).isEqualTo("http://[::1]:3100/");
        assertThat(new DashboardLink("localhost", 3100).page()).isEqualTo("http://localhost:3100/");
    }
}
