// SPDX-License-Identifier: Apache-2.0
/**
 * The embeddable velos supervisor: spawns programs with posix_spawn, watches them from one
 * epoll event-loop thread, restarts them by policy and hands their output to a {@link
 * dev.velos.supervisor.LogSink}. Start with {@link dev.velos.supervisor.Supervisor#builder()}.
 *
 * <p>Needs native access for {@code dev.velos.sys}: {@code --enable-native-access=dev.velos.sys}
 * on the module path, {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
module dev.velos.supervisor {
    requires transitive dev.velos.model;
    requires dev.velos.sys;
    requires com.cronutils;
    requires java.net.http;

    exports dev.velos.supervisor;
}
