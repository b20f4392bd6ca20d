// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.Arrays;

import dev.velos.ipc.Scope;

/** The values of {@code --scope} ({@code read}, {@code operate}, {@code admin}), for help and shell completion. */
final class ScopeNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    ScopeNames() {
        super(Arrays.stream(Scope.values()).map(Scope::wireName).toList());
    }
}
