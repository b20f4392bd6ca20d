// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code listen} is editable like the other settings (issue 20): {@code config_set} on a real
 * daemon stores the new address, the restart it asks for binds it, and the socket the app no
 * longer names is let go (its file removed). Bad addresses are refused with nothing changed.
 * Unix sockets in the test's own directory: no port another test could hold meanwhile.
 */
class ListenConfigSetEndToEndTest extends EndToEndTest {
    private static boolean accepts(Path socket) {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return client.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException refusedOrGone) {
            return false;
        }
    }

    @Test
    void configSetOfListenMovesTheAppToItsNewSocketAtTheRestart() throws Exception {
        Path before = apps.resolve("before.sock");
        Path after = apps.resolve("after.sock");
        velos.ok("start", "sleep", "--name", "moved", "--listen", "unix:" + before, "--", "300");
        assertThat(accepts(before)).isTrue();
        try (VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(30))) {
            long pid = client.info("moved").getFirst().pid();
            List<String> listenBefore = client.info("moved").getFirst().listen();
            assertThatThrownBy(() -> client.configSet("moved", Map.of("listen", List.of("udp://127.0.0.1:1")), true))
                    .hasMessageContaining("udp://127.0.0.1:1");
            assertThat(client.info("moved").getFirst().listen()).isEqualTo(listenBefore).singleElement()
                    .asString().startsWith("unix:" + before);

            WireTypes.ConfigSetResult set = client.configSet("moved", Map.of("listen", List.of("unix:" + after)), true);
            assertThat(set.changed()).containsExactly("listen");
            await().atMost(Duration.ofSeconds(20)).until(() -> client.info("moved").getFirst().pid() != pid);
            assertThat(client.info("moved").getFirst().listen()).singleElement().asString().startsWith("unix:" + after);
        }
        assertThat(accepts(after)).as("the new socket").isTrue();
        assertThat(Files.exists(before)).as("the old socket's file, removed").isFalse();
        assertThat(accepts(before)).as("the old socket, let go").isFalse();
        assertThat(velos.ok("info", "moved").out()).contains("unix:" + after);
    }
}
