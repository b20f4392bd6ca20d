// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.nio.file.Path;

/**
 * What every service definition embeds.
 *
 * @param launcher        the {@code velos} launcher to run ({@code <launcher> daemon --resurrect})
 * @param velosHome       the runtime directory the daemon serves
 * @param userHome        the user's home directory
 * @param user            the user name (system-wide services run the daemon as this user)
 * @param uid             the user's numeric id (launchd's {@code gui/<uid>} domain)
 * @param javaHome        the JDK that runs velos now, so the service does not depend on a login shell's JAVA_HOME
 * @param system          a system-wide service rather than the user's own
 * @param maxKillTimeoutMs the largest kill timeout of the current apps (the service's stop timeout must exceed it)
 */
record ServiceSettings(Path launcher, Path velosHome, Path userHome, String user, int uid, Path javaHome,
                              boolean system, long maxKillTimeoutMs) {
    /** Seconds systemd waits for the daemon to stop: the apps stop in parallel, so the largest kill timeout plus room to save state. */
    long stopTimeoutSeconds() {
        return Math.max(30, (maxKillTimeoutMs + 999) / 1000 + 15);
    }
}
