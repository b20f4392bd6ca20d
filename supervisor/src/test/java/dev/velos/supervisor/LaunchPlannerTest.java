// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.RestartTriggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchPlannerTest {
    @TempDir
    Path dir;

    private final LaunchPlanner planner = new LaunchPlanner(Map.of("PATH", "/usr/bin:/bin", "KEEP", "base"));

    @Test
    void interpreterComesFromTheShebangFirst() throws Exception {
        Files.writeString(dir.resolve("tool.js"), "#!/usr/bin/env python3\nprint(1)\n");
        assertThat(planner.argv(AppSpec.builder("t", "tool.js").cwd(dir).build(), dir)).containsExactly("python3", "tool.js");
    }

    @Test
    void interpreterComesFromTheExtension() throws Exception {
        for (var c : Map.of("a.py", "python3", "b.js", "node", "c.mjs", "node", "d.rb", "ruby", "e.sh", "/bin/sh").entrySet()) {
            Files.writeString(dir.resolve(c.getKey()), "x\n");
            assertThat(planner.argv(AppSpec.builder("t", c.getKey()).cwd(dir).build(), dir)).first().isEqualTo(c.getValue());
        }
        Files.writeString(dir.resolve("f.ts"), "x\n");
        assertThat(planner.argv(AppSpec.builder("t", "f.ts").cwd(dir).build(), dir)).containsExactly("npx", "tsx", "f.ts");
    }

    @Test
    void explicitInterpreterAndArgsAreKept() {
        AppSpec spec = AppSpec.builder("t", "serve.js").cwd(dir).interpreter("bun").args(List.of("--port", "3")).build();
        assertThat(planner.argv(spec, dir)).containsExactly("bun", "serve.js", "--port", "3");
    }

    @Test
    void aMissingScriptForAnAutoDetectedInterpreterIsReportedUpFront() {
        AppSpec spec = AppSpec.builder("t", "gone.py").cwd(dir).build();
        assertThatThrownBy(() -> planner.plan(spec)).hasMessageContaining("gone.py not found");
    }

    @Test
    void checkRefusesABadCronExpressionWhileEverySpawnsPlanLeavesItToTheTable() throws Exception {
        Procs.executable(dir, "job", "#!/bin/sh\n");
        AppSpec spec = AppSpec.builder("t", "./job").cwd(dir).triggers(new RestartTriggers(0, "61 * * * *")).build();
        assertThatThrownBy(() -> planner.check(spec)).hasMessageContaining("invalid cron_restart '61 * * * *'");
        // A spec in the table has a cron expression that parsed (admit, register, updateSpec refuse
        // others), so the spawn path does not parse it again at every (re)start.
        assertThat(planner.plan(spec).argv()).last().isEqualTo("./job");
    }

    @Test
    void theSupervisorRefusesACronMacroWithTheConfigEnginesWords() {
        // One grammar (model CronRules): @reboot is refused in the daemon as `velos start` of a file refuses it.
        AppSpec spec = AppSpec.builder("t", "job").cwd(dir).triggers(new RestartTriggers(0, "@reboot")).build();
        assertThatThrownBy(() -> planner.check(spec))
                .hasMessage("process 't': invalid cron_restart '@reboot': Nickname @reboot not supported!");
    }

    @Test
    void checkReportsAMissingWorkingDirectoryBeforeABadCronExpression() {
        AppSpec spec = AppSpec.builder("t", "job").cwd(dir.resolve("gone")).triggers(new RestartTriggers(0, "nope")).build();
        assertThatThrownBy(() -> planner.check(spec)).hasMessageContaining("working directory").hasMessageContaining("does not exist");
    }

    @Test
    void commandsResolveAgainstTheAppsPathNotTheJvms() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Procs.executable(bin, "only-here", "#!/bin/sh\n");
        AppSpec spec = AppSpec.builder("t", "only-here").cwd(dir).env(Map.of("PATH", bin.toString())).build();
        assertThat(planner.plan(spec).executable()).isEqualTo(bin.resolve("only-here").toString());
    }

    @Test
    void environmentLayersBaseThenAppThenInstance() {
        AppSpec spec = AppSpec.builder("api:1", "x").cwd(dir).env(Map.of("KEEP", "app", "NEW", "1")).instance(1).build();
        Map<String, String> env = planner.environment(spec);
        assertThat(env).containsEntry("KEEP", "app").containsEntry("NEW", "1").containsEntry("VELOS_INSTANCE_ID", "1")
                .containsEntry("NODE_APP_INSTANCE", "1").containsEntry("PATH", "/usr/bin:/bin");
    }

    @Test
    void aDaemonsChildrenCarryTheirNameAndRuntimeDirectoryAndNobodyCanOverrideIt() {
        AppSpec spec = AppSpec.builder("api:1", "x").cwd(dir).env(Map.of(LaunchPlanner.OWNER_ENV, "forged")).instance(1).build();
        LaunchPlanner daemon = new LaunchPlanner(Map.of("PATH", "/usr/bin"), java.util.Optional.of(dir));
        assertThat(daemon.environment(spec)).containsEntry(LaunchPlanner.OWNER_ENV, "api:1@" + dir);
        assertThat(planner.environment(AppSpec.builder("t", "x").cwd(dir).build())).doesNotContainKey(LaunchPlanner.OWNER_ENV);
    }
}
