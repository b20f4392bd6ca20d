// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 23's table ({@link Operation}) and what a {@link Grant} makes of it. */
class ScopeTableTest {
    @Test
    void eachScopeIncludesTheOnesBelowIt() {
        assertThat(Scope.ADMIN.includes(Scope.READ)).isTrue();
        assertThat(Scope.OPERATE.includes(Scope.ADMIN)).isFalse();
        assertThat(Scope.parse(" Operate ")).isEqualTo(Scope.OPERATE);
        assertThatThrownBy(() -> Scope.parse("root")).hasMessage("unknown scope 'root': use read, operate, admin");
    }

    @Test
    void theTableSplitsReadingOperatingAndRunningNewCode() {
        assertThat(Operation.LIST.scope()).isEqualTo(Scope.READ);
        assertThat(Operation.AUDIT_READ.mutating()).isFalse();
        for (Operation op : List.of(Operation.STOP, Operation.RESTART, Operation.RELOAD, Operation.START_EXISTING,
                Operation.SCALE, Operation.CONFIG_SET_POLICY)) {
            assertThat(op.scope()).as(op.name()).isEqualTo(Scope.OPERATE);
        }
        for (Operation op : List.of(Operation.START_NEW, Operation.DELETE, Operation.CONFIG_SET_COMMAND)) {
            assertThat(op.scope()).as(op.name()).isEqualTo(Scope.ADMIN);
        }
        assertThat(Operation.configSet(List.of("max_restarts", "kill_timeout", "max_memory_restart")))
                .isEqualTo(Operation.CONFIG_SET_POLICY);
        for (String key : List.of("env", "args", "cwd", "interpreter", "script", "some_future_key")) {
            assertThat(Operation.configSet(List.of("max_restarts", key))).as(key).isEqualTo(Operation.CONFIG_SET_COMMAND);
        }
        assertThat(Operation.adminSettings(List.of("max_restarts", "env", "cwd"))).containsExactly("env", "cwd");
    }

    @Test
    void aGrantRefusesOperationsBeyondItsScopeNamingTheScopeNeeded() {
        Grant reader = new Grant("token:viewer", Scope.READ, List.of());
        reader.require(Operation.LOGS, "log_read");
        assertThatThrownBy(() -> reader.require(Operation.RESTART, "process_restart"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("process_restart needs the 'operate' scope; this session's scope is 'read' "
                        + "(use a token created with --scope operate)");
        assertThatThrownBy(() -> Grant.local(Scope.OPERATE, List.of()).require(Operation.START_NEW, "process_start"))
                .hasMessageEndingWith("(start the server with --scope admin)");
    }

    @Test
    void anAppsLimitedGrantCoversItsAppsAndTheirInstancesOnly() {
        Grant api = new Grant("uid:1", Scope.OPERATE, List.of("api"));
        Map<String, List<String>> daemon = Map.of("api", List.of("api:0", "api:1"), "7", List.of("worker"),
                "3", List.of("api:1"));
        java.util.function.Function<String, List<String>> resolve = t -> {
            if (!daemon.containsKey(t)) {
                throw new VelosException(ErrorCode.NOT_FOUND, "process '" + t + "' not found");
            }
            return daemon.get(t);
        };
        assertThat(api.sees("api:3")).isTrue();
        assertThat(api.sees("worker")).isFalse();
        api.requireTarget("api", resolve);
        api.requireTarget("3", resolve);
        api.requireTarget("api:9", resolve); // not found: the daemon will say so, it is one of the apps
        for (String outside : List.of("all", "7", "worker", "ghost")) {
            assertThatThrownBy(() -> api.requireTarget(outside, resolve)).as(outside)
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("is outside the apps this session "
                            + "may use (api)");
        }
        new Grant("uid:1", Scope.READ, List.of()).requireTarget("all", resolve);
    }
}
