// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ListenAddress;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.ReadyPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Listening sockets held by the supervisor and passed by systemd's socket-activation protocol
 * (issue 20): fds from 3, LISTEN_FDS, LISTEN_FDNAMES, LISTEN_PID = the app's own pid; shared by
 * instances, kept across restarts, closed on delete.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenSocketsTest {
    /** Prints what socket activation gives it: the variables, its pid and what fds 3.. are, then waits. */
    private static final String SHOW = "echo \"fds=$LISTEN_FDS names=$LISTEN_FDNAMES listenpid=$LISTEN_PID pid=$$ ipc=${VELOS_IPC_FD-none}"
            + " fd3=$(readlink /proc/$$/fd/3) fd4=$(readlink /proc/$$/fd/4)\"; exec sleep 300";

    private final Recorder recorder = new Recorder();
    private Supervisor supervisor;
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        supervisor = recorder.attach(Supervisor.builder()).build();
    }

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    private static AppSpec app(String name, String... listen) {
        return Procs.sh(name, SHOW, Procs.NO_RESTART).toBuilder()
                .listen(List.of(listen).stream().map(ListenAddress::parse).toList()).build();
    }

    private String shown(String name) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.texts(name).isEmpty());
        return recorder.texts(name).getLast();
    }

    private static String field(String shown, String key) {
        for (String part : shown.split(" ")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        throw new AssertionError(key + " not in " + shown);
    }

    @Test
    void theAppGetsItsSocketsFromFd3WithListenFdsNamesAndItsOwnPidAsListenPid() throws IOException {
        Path unix = dir.resolve("app.sock");
        ProcessInfo info = supervisor.start(app("web", "tcp://127.0.0.1:0#http", "unix:" + unix)).join();

        String shown = shown("web");
        assertThat(field(shown, "fds")).isEqualTo("2");
        assertThat(field(shown, "names")).isEqualTo("http:unix-app.sock");
        assertThat(field(shown, "listenpid")).isEqualTo(field(shown, "pid")).isEqualTo(Integer.toString(info.pid()));
        assertThat(field(shown, "fd3")).startsWith("socket:");
        assertThat(field(shown, "fd4")).startsWith("socket:");
        assertThat(field(shown, "ipc")).isEqualTo("none");

        int port = supervisor.boundListeners("web").join().getFirst().port();
        assertThat(port).isPositive();
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", port), 2000); // accepted into the backlog the app holds
        }
        assertThat(Files.exists(unix)).isTrue();
    }

    @Test
    void theVelosChannelFollowsTheListenBlockAndSaysWhereItIs() {
        AppSpec spec = app("ready", "tcp://127.0.0.1:0").toBuilder().ready(new ReadyPolicy(false, Duration.ofSeconds(5), true))
                .build();
        supervisor.start(spec).join();

        String shown = shown("ready");
        assertThat(field(shown, "fds")).isEqualTo("1");
        assertThat(field(shown, "ipc")).isEqualTo("4");
        assertThat(field(shown, "fd3")).startsWith("socket:");
        assertThat(field(shown, "fd4")).startsWith("socket:").isNotEqualTo(field(shown, "fd3"));
    }

    @Test
    void clusterInstancesShareOneSocketAndARestartKeepsIt() {
        supervisor.start(app("web:0", "tcp://127.0.0.1:0")).join();
        supervisor.start(app("web:1", "tcp://127.0.0.1:0")).join();
        String first = field(shown("web:0"), "fd3");
        await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.texts("web:1").isEmpty());
        assertThat(field(shown("web:1"), "fd3")).isEqualTo(first);
        int port = supervisor.boundListeners("web:1").join().getFirst().port();

        int before = recorder.texts("web:0").size();
        supervisor.restart("web:0").join();
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.texts("web:0").size() > before);
        assertThat(field(shown("web:0"), "fd3")).isEqualTo(first);
        assertThat(supervisor.boundListeners("web:0").join().getFirst().port()).isEqualTo(port);
    }

    /** config_set of listen: the next start binds the new address and closes the one the spec no longer names. */
    @Test
    void aChangedListenTakesEffectAtTheRestartAndFreesTheOldAddress() throws IOException {
        Path unix = dir.resolve("old.sock");
        supervisor.start(app("moved", "tcp://127.0.0.1:0", "unix:" + unix)).join();
        int oldPort = supervisor.boundListeners("moved").join().getFirst().port();

        supervisor.updateSpec(app("moved", "tcp://127.0.0.2:0#new")).join(); // another address (a name alone keeps the socket)
        supervisor.restart("moved").join();
        await().atMost(Duration.ofSeconds(10)).until(() -> field(shown("moved"), "names").equals("new"));
        assertThat(field(shown("moved"), "fds")).isEqualTo("1");
        List<ListenAddress> bound = supervisor.boundListeners("moved").join();
        assertThat(bound).hasSize(1);
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.2", bound.getFirst().port()), 2000);
        }
        assertThatThrownBy(() -> {
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", oldPort), 2000);
            }
        }).as("the old port is closed: the old process is gone and velos let go of its socket")
                .isInstanceOf(ConnectException.class);
        assertThat(Files.exists(unix)).isFalse();

        supervisor.updateSpec(app("moved")).join();
        supervisor.restart("moved").join();
        await().atMost(Duration.ofSeconds(10)).until(() -> field(shown("moved"), "fds").isEmpty());
        assertThat(supervisor.boundListeners("moved").join()).isEmpty();
    }

    @Test
    void theSocketsCloseWhenTheLastInstanceIsDeletedAndTheUnixFileGoes() throws IOException {
        Path unix = dir.resolve("gone.sock");
        supervisor.start(app("api:0", "tcp://127.0.0.1:0", "unix:" + unix)).join();
        supervisor.start(app("api:1", "tcp://127.0.0.1:0", "unix:" + unix)).join();
        int port = supervisor.boundListeners("api:0").join().getFirst().port();

        supervisor.delete("api:0").join();
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", port), 2000); // api:1 still has it
        }
        supervisor.delete("api:1").join();
        assertThatThrownBy(() -> {
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }).isInstanceOf(ConnectException.class);
        assertThat(Files.exists(unix)).isFalse();
    }

    @Test
    void anAddressInUseFailsTheStartSayingWhichAndWhy() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> supervisor.start(app("busy", "tcp://127.0.0.1:" + taken.getLocalPort())).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(SupervisorException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SPAWN_FAILED);
                        assertThat(e.getMessage()).contains("cannot listen on tcp://127.0.0.1:" + taken.getLocalPort())
                                .contains("EADDRINUSE");
                    });
        }
        assertThat(supervisor.info("busy").join().status()).isEqualTo(ProcessStatus.ERRORED);
    }

    @Test
    void aStaleUnixSocketIsReplacedButAFileOrASymlinkInTheWayIsRefused() throws IOException {
        Path stale = dir.resolve("stale.sock");
        try (var channel = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            channel.bind(java.net.UnixDomainSocketAddress.of(stale)); // closed without removing the file: a crash's leftover
        }
        assertThat(Files.exists(stale)).isTrue();
        supervisor.start(app("stale", "unix:" + stale)).join();
        assertThat(field(shown("stale"), "fd3")).startsWith("socket:");

        Path file = Files.writeString(dir.resolve("file.sock"), "data");
        assertThatThrownBy(() -> supervisor.start(app("file", "unix:" + file)).join()).cause()
                .hasMessageContaining("exists and is not a socket");
        assertThat(Files.readString(file)).isEqualTo("data");

        Path link = Files.createSymbolicLink(dir.resolve("link.sock"), stale);
        assertThatThrownBy(() -> supervisor.start(app("link", "unix:" + link)).join()).cause()
                .hasMessageContaining("symbolic link");
        assertThat(Files.exists(stale)).isTrue();
    }
}
