// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * daemon stores the new addresses, the restart it asks for binds them, and the port the app no
 * longer names is let go. Bad addresses are refused with nothing changed.
 */
class ListenConfigSetEndToEndTest extends EndToEndTest {
    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void configSetOfListenMovesTheAppToItsNewPortAtTheRestart() throws Exception {
        int before = freePort();
        int after = freePort();
        velos.ok("start", "sleep", "--name", "moved", "--listen", "tcp://127.0.0.1:" + before, "--", "300");
        assertThat(accepts(before)).isTrue();
        try (VelosClient client = VelosClient.connect(velos.socket(), Duration.ofSeconds(30))) {
            long pid = client.info("moved").getFirst().pid();
            assertThatThrownBy(() -> client.configSet("moved", Map.of("listen", List.of("udp://127.0.0.1:1")), true))
                    .hasMessageContaining("udp://127.0.0.1:1");
            assertThat(client.info("moved").getFirst().listen()).containsExactly("tcp://127.0.0.1:" + before + "#tcp-" + before);

            WireTypes.ConfigSetResult set = client.configSet("moved", Map.of("listen", List.of("tcp://127.0.0.1:" + after)), true);
            assertThat(set.changed()).containsExactly("listen");
            await().atMost(Duration.ofSeconds(20)).until(() -> client.info("moved").getFirst().pid() != pid);
            assertThat(client.info("moved").getFirst().listen()).containsExactly("tcp://127.0.0.1:" + after + "#tcp-" + after);
        }
        assertThat(accepts(after)).as("the new port").isTrue();
        assertThat(accepts(before)).as("the old port, let go").isFalse();
        assertThat(velos.ok("info", "moved").out()).contains("tcp://127.0.0.1:" + after);
    }
}
