// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.util.Optional;

/**
 * The REST API's version prefix. Routes are defined under {@value #V1}; each also answers at the
 * same path under {@value #UNVERSIONED}, so clients written before the API was versioned keep
 * working. Server and OpenAPI document derive the aliases from this one rule.
 */
final class ApiVersion {
    static final String V1 = "/api/v1";
    static final String UNVERSIONED = "/api";

    private ApiVersion() {
    }

    /** {@code /api/v1/x} → {@code /api/x}; empty for a path outside the versioned API. */
    static Optional<String> aliasOf(String template) {
        return template.startsWith(V1 + "/") ? Optional.of(UNVERSIONED + template.substring(V1.length()))
                : Optional.empty();
    }
}
