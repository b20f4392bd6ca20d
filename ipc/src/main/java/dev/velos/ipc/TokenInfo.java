// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.time.Instant;
import java.util.List;

/**
 * One named token of the {@link TokenStore}, as {@code velos token list} shows it: never its
 * secret, which is stored only as a digest.
 *
 * @param id      the token's name, unique in the store; the audit trail records it as {@code token:<id>}
 * @param scope   what it allows
 * @param apps    the base names it is limited to; empty for every app
 * @param created when it was made
 */
public record TokenInfo(String id, Scope scope, List<String> apps, Instant created) {
    public TokenInfo {
        apps = List.copyOf(apps);
    }

    /** What a request carrying this token may do. */
    public Grant grant() {
        return new Grant("token:" + id, scope, apps);
    }
}
