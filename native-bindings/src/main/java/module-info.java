// SPDX-License-Identifier: Apache-2.0
/**
 * Hand-written FFM bindings to the Linux calls velos needs (posix_spawn, pidfd, waitid, epoll,
 * eventfd, inotify, pipes, sockets, prctl, sysconf) and the {@code /proc} readers.
 *
 * <p>This is the only module with native code. It must be granted native access:
 * {@code --enable-native-access=dev.velos.sys} on the module path, or
 * {@code --enable-native-access=ALL-UNNAMED} (or the jar manifest's {@code Enable-Native-Access})
 * on the class path.
 */
module dev.velos.sys {
    exports dev.velos.sys to dev.velos.supervisor, dev.velos.daemon, dev.velos.testing;
    exports dev.velos.sys.linux to dev.velos.supervisor, dev.velos.daemon, dev.velos.testing;
}
