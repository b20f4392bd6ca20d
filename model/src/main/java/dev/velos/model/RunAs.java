// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.Objects;

/**
 * The user and group an app runs as ({@code user}, {@code group}); only a supervisor running as
 * root can honour them. "" = the supervisor's own. With a user and no group, the user's primary
 * group; the supplementary groups are always the user's.
 */
public record RunAs(String user, String group) {
    public static final RunAs SUPERVISOR = new RunAs("", "");

    public RunAs {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        user = user.trim();
        group = group.trim();
        for (String name : new String[] {user, group}) {
            if (name.chars().anyMatch(c -> c == ':' || c == '/' || Character.isWhitespace(c) || c == 0)) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "invalid user or group name '" + name + "'");
            }
        }
        if (user.isEmpty() && !group.isEmpty()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "group '" + group + "' needs a user too");
        }
    }

    public static RunAs user(String user) {
        return new RunAs(user, "");
    }

    public boolean changesUser() {
        return !user.isEmpty();
    }
}
