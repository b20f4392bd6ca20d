// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

/**
 * A child that {@link ProcessLauncher} started: its pid (also its process-group and session id,
 * as it runs in a new session), a pidfd naming it, and the parent's non-blocking, close-on-exec
 * read ends of its stdout and stderr pipes. The receiver owns all three fds.
 */
public record SpawnedChild(int pid, Fd pidfd, Fd stdout, Fd stderr) {
}
