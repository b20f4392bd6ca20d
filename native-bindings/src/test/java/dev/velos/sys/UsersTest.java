// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs(OS.LINUX)
class UsersTest {
    @Test
    void rootIsUidZeroWithItsHomeAndNobodyExists() {
        Users.User root = Users.byName("root").orElseThrow();
        assertThat(root.uid()).isZero();
        assertThat(root.gid()).isZero();
        assertThat(root.home()).isEqualTo("/root");
        assertThat(Users.byUid(0)).contains(root);
        assertThat(Users.byName("nobody")).get().extracting(Users.User::uid).isEqualTo(65534);
    }

    @Test
    void unknownUsersAndGroupsAreEmptyNotErrors() {
        assertThat(Users.byName("no-such-user-velos")).isEmpty();
        assertThat(Users.groupId("no-such-group-velos")).isEmpty();
        assertThat(Users.groupId("root")).contains(0);
    }

    @Test
    void effectiveUidIsTheProcessOwner() throws Exception {
        // /proc/self belongs to this process's effective uid.
        assertThat(Users.effectiveUid()).isEqualTo(java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid"));
    }
}
