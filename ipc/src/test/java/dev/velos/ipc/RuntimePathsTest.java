// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code VELOS_HOME} / {@code VELOS_SOCKET} precedence. */
class RuntimePathsTest {

    @Test
    void homeDefaultsToDotVelosInHome() {
        assertThat(RuntimePaths.home(Map.of("HOME", "/home/ann"))).isEqualTo(Path.of("/home/ann/.velos"));
    }

    @Test
    void velosHomeWinsOverHome() {
        assertThat(RuntimePaths.home(Map.of("HOME", "/home/ann", "VELOS_HOME", "/srv/velos")))
                .isEqualTo(Path.of("/srv/velos"));
    }

    @Test
    void blankVelosHomeIsIgnored() {
        assertThat(RuntimePaths.home(Map.of("HOME", "/home/ann", "VELOS_HOME", "  "))).isEqualTo(Path.of("/home/ann/.velos"));
        assertThat(RuntimePaths.home(Map.of("HOME", "/home/ann", "VELOS_HOME", ""))).isEqualTo(Path.of("/home/ann/.velos"));
    }

    @Test
    void withoutHomeTheUserHomePropertyIsUsed() {
        assertThat(RuntimePaths.home(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".velos").toAbsolutePath().normalize());
    }

    @Test
    void pathsAreAbsoluteAndNormalized() {
        assertThat(RuntimePaths.home(Map.of("VELOS_HOME", "/srv/./velos/../velos2/"))).isEqualTo(Path.of("/srv/velos2"));
        Path relative = RuntimePaths.home(Map.of("VELOS_HOME", "rel/home"));
        assertThat(relative.isAbsolute()).isTrue();
        assertThat(relative).isEqualTo(Path.of("").toAbsolutePath().resolve("rel/home"));
        Path relativeSocket = RuntimePaths.socket(Map.of("VELOS_SOCKET", "x.sock"));
        assertThat(relativeSocket).isEqualTo(Path.of("").toAbsolutePath().resolve("x.sock"));
    }

    @Test
    void socketDefaultsToVelosSockInHome() {
        assertThat(RuntimePaths.socket(Map.of("HOME", "/home/ann"))).isEqualTo(Path.of("/home/ann/.velos/velos.sock"));
        assertThat(RuntimePaths.socket(Map.of("HOME", "/home/ann", "VELOS_HOME", "/srv/velos")))
                .isEqualTo(Path.of("/srv/velos/velos.sock"));
    }

    @Test
    void velosSocketWinsOverVelosHome() {
        assertThat(RuntimePaths.socket(Map.of("HOME", "/home/ann", "VELOS_HOME", "/srv/velos", "VELOS_SOCKET", "/run/v.sock")))
                .isEqualTo(Path.of("/run/v.sock"));
        assertThat(RuntimePaths.socket(Map.of("VELOS_SOCKET", "/run/v.sock"))).isEqualTo(Path.of("/run/v.sock"));
        // VELOS_SOCKET moves only the socket, not the home.
        assertThat(RuntimePaths.home(Map.of("VELOS_HOME", "/srv/velos", "VELOS_SOCKET", "/run/v.sock")))
                .isEqualTo(Path.of("/srv/velos"));
    }

    @Test
    void blankVelosSocketIsIgnored() {
        assertThat(RuntimePaths.socket(Map.of("VELOS_HOME", "/srv/velos", "VELOS_SOCKET", " ")))
                .isEqualTo(Path.of("/srv/velos/velos.sock"));
    }

    @Test
    void publicOverloadsReadTheProcessEnvironment() {
        assertThat(RuntimePaths.home()).isEqualTo(RuntimePaths.home(System.getenv()));
        assertThat(RuntimePaths.socket()).isEqualTo(RuntimePaths.socket(System.getenv()));
        assertThat(RuntimePaths.socket().getFileName().toString())
                .isEqualTo(System.getenv("VELOS_SOCKET") == null ? RuntimePaths.SOCKET_FILE : RuntimePaths.socket().getFileName().toString());
    }
}
