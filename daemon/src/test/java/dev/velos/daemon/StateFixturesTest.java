// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.ipc.WireTypes;
import dev.velos.model.AppSpec;

/**
 * {@code state.bin} and {@code dump.bin} written by velos 0.1.0 (its databind codec; see
 * {@code state-v1/README.md}) still load with every setting, so an upgrade resurrects what the old
 * daemon ran; and what today's store writes loads back the same.
 */
class StateFixturesTest {
    @TempDir
    Path home;

    @Test
    void anOldStateFileLoadsWithEverySetting() throws IOException {
        copyFixtures();
        StateStore.StateFile state = new StateStore(home).loadState().orElseThrow();
        assertThat(state.version()).isEqualTo(1);
        assertThat(state.savedAtMs()).isPositive();
        assertThat(state.apps()).extracting(a -> a.spec().name())
                .containsExactly("web", "api:0", "api:1", "ready", "worker", "late");
        assertThat(state.apps()).extracting(StateStore.SavedApp::running)
                .containsExactly(false, true, true, true, false, true);
        assertThat(state.apps().stream().filter(StateStore.SavedApp::running))
                .allSatisfy(a -> assertThat(a.pid()).isPositive())
                .allSatisfy(a -> assertThat(a.startTicks()).isPositive());

        WireTypes.StartArgs web = state.apps().getFirst().spec();
        assertThat(web.script()).isEqualTo("tick.sh");
        assertThat(web.args()).containsExactly("--port", "8080");
        assertThat(web.cwd()).isEqualTo("/tmp/velos-codec-fix-apps");
        assertThat(web.env()).containsEntry("NODE_ENV", "production").containsEntry("TOKEN", "s3cr=t");
        assertThat(web.autorestart()).isTrue();
        assertThat(web.maxRestarts()).isEqualTo(7);
        assertThat(web.minUptimeMs()).isEqualTo(2000L);
        assertThat(web.restartDelayMs()).isEqualTo(250L);
        assertThat(web.expBackoff()).isTrue();
        assertThat(web.killTimeoutMs()).isEqualTo(3000L);
        assertThat(web.logMaxSize()).isEqualTo(20L * 1024 * 1024);
        assertThat(web.logRetainCount()).isEqualTo(5);
        assertThat(web.maxMemoryRestart()).isEqualTo(200L * 1024 * 1024);
        assertThat(web.cronRestart()).isEqualTo("*/5 * * * *");
        assertThat(web.watch()).isTrue();
        assertThat(web.watchPaths()).containsExactly("src");
        assertThat(web.watchIgnore()).containsExactly("*.log");
        assertThat(web.watchDelayMs()).isEqualTo(750L);

        WireTypes.StartArgs ready = state.apps().get(3).spec();
        assertThat(ready.interpreter()).isEqualTo("/bin/sh");
        assertThat(ready.autorestart()).isFalse();
        assertThat(ready.waitReady()).isTrue();
        assertThat(ready.listenTimeoutMs()).isEqualTo(1500L);
        assertThat(ready.shutdownWithMessage()).isTrue();
        assertThat(ready.watchdogMs()).isEqualTo(60_000L);
        assertThat(state.apps().get(1).spec().env()).containsEntry("ROLE", "api");

        // What resurrect builds from each entry: a cluster instance comes back as that instance.
        List<AppSpec> specs = state.apps().stream().map(a -> Views.spec(a.spec())).toList();
        assertThat(specs.get(2).instance()).isEqualTo(1);
        assertThat(specs.get(2).env()).containsEntry("ROLE", "api");
        assertThat(specs.getFirst().restart().killTimeout()).isEqualTo(Duration.ofMillis(3000));
        assertThat(specs.getFirst().triggers().watch().delay()).isEqualTo(Duration.ofMillis(750));
        assertThat(specs.get(3).ready().watchdog()).isEqualTo(Duration.ofSeconds(60));
        assertThat(Views.logPolicy(specs.getFirst()).retain()).isEqualTo(5);
    }

    @Test
    void anOldDumpLoadsAndRunningFlagsFollowTheStatusAtSaveTime() throws IOException {
        copyFixtures();
        StateStore.StateFile dump = new StateStore(home).loadDump().orElseThrow();
        assertThat(dump.apps()).extracting(a -> a.spec().name()).containsExactly("web", "api:0", "api:1", "ready", "worker");
        assertThat(dump.apps()).extracting(StateStore.SavedApp::running).containsExactly(true, true, true, true, false);
    }

    @Test
    void whatTodaysStoreWritesLoadsBackTheSame() throws IOException {
        copyFixtures();
        StateStore store = new StateStore(home);
        List<StateStore.SavedApp> old = store.loadState().orElseThrow().apps();
        store.saveState(old);
        assertThat(store.loadState().orElseThrow().apps()).isEqualTo(old);
        assertThat(Files.getPosixFilePermissions(home.resolve("state.bin")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aDamagedFileIsAClearErrorNamingIt() throws IOException {
        Files.write(home.resolve("state.bin"), new byte[] {(byte) 0x81, (byte) 0xa4, 'a', 'p', 'p', 's', 0x07});
        assertThatThrownBy(() -> new StateStore(home).loadState()).isInstanceOf(DaemonException.class)
                .hasMessageContaining("state.bin").hasMessageContaining("'apps' must be an array")
                .hasMessageContaining("move it away");
        Files.write(home.resolve("state.bin"), new byte[] {(byte) 0xdb, 0x7f, (byte) 0xff, (byte) 0xff, 0});
        assertThatThrownBy(() -> new StateStore(home).loadState()).isInstanceOf(DaemonException.class)
                .hasMessageContaining("announces more data");
    }

    private void copyFixtures() throws IOException {
        for (String name : List.of("state.bin", "dump.bin")) {
            try (InputStream in = StateFixturesTest.class.getResourceAsStream("/state-v1/" + name)) {
                assertThat(in).as(name).isNotNull();
                Files.write(home.resolve(name), in.readAllBytes());
            }
        }
    }
}
