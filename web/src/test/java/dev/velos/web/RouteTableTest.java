// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code velos api} finds the route for a request, and what it answers when there is none. */
class RouteTableTest {
    private static final Route.Action NOTHING = x -> { };
    private final RouteTable table = RouteTable.withAliases(List.of(
            new Route("GET", "/", dev.velos.ipc.Operation.VIEW, NOTHING),
            new Route("GET", "/api/v1/processes", dev.velos.ipc.Operation.VIEW, NOTHING),
            new Route("POST", "/api/v1/processes", dev.velos.ipc.Operation.VIEW, NOTHING),
            new Route("GET", "/api/v1/processes/{name}", dev.velos.ipc.Operation.VIEW, NOTHING),
            new Route("POST", "/api/v1/processes/{name}/restart", dev.velos.ipc.Operation.VIEW, NOTHING),
            new Route("GET", "/metrics", dev.velos.ipc.Operation.VIEW, NOTHING)));

    @Test
    void matchesTemplatesAndExtractsParameters() {
        RouteTable.Match m = table.find("POST", "/api/v1/processes/web/restart");
        assertThat(m.route().template()).isEqualTo("/api/v1/processes/{name}/restart");
        assertThat(m.params()).isEqualTo(Map.of("name", "web"));
        assertThat(table.find("GET", "/").route().template()).isEqualTo("/");
        assertThat(table.find("GET", "/api/v1/processes/").route().template()).isEqualTo("/api/v1/processes");
    }

    @Test
    void versionedRoutesAnswerAtTheirUnversionedAliasButOthersDoNot() {
        RouteTable.Match alias = table.find("GET", "/api/processes/7");
        assertThat(alias.route().template()).isEqualTo("/api/processes/{name}");
        assertThat(alias.params()).isEqualTo(Map.of("name", "7"));
        assertThat(table.routes()).extracting(Route::template).doesNotContain("/api/metrics")
                .contains("/api/processes", "/api/processes/{name}/restart");
        assertThatThrownBy(() -> table.find("GET", "/api/v2/processes")).isInstanceOf(ApiError.class)
                .hasMessage("no such route: GET /api/v2/processes");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405NamingTheMethodsThatWork() {
        assertThatThrownBy(() -> table.find("PUT", "/api/processes")).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(405);
            assertThat(e.allow()).isEqualTo("GET, POST");
        });
        assertThatThrownBy(() -> table.find("GET", "/api/v1/processes/web/restart"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.allow()).isEqualTo("POST"));
    }

    @Test
    void anUnknownPathIs404() {
        assertThatThrownBy(() -> table.find("GET", "/nope")).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> table.find("GET", "/api/v1/processes/a/b/c")).isInstanceOf(ApiError.class);
    }
}
