// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

/**
 * Spares every command the JDK's search for a selector provider. The first socket channel (the
 * daemon's control socket, for nearly every command) asks {@code SelectorProvider.provider()},
 * which, unless the system property below names a class, looks for one with ServiceLoader on the
 * class path: that opens and indexes velos.jar (about 10,000 entries) only to find none there and
 * fall back to the JDK's epoll provider. Measured on issue 15: about 8 ms of a {@code list} that
 * otherwise never opens the jar (its classes come from the AOT cache). Naming the same epoll
 * provider gives the same channels without the search.
 */
final class SelectorProviders {
    static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";
    /** What {@code sun.nio.ch.DefaultSelectorProvider} hands out on Linux, velos's only platform. */
    static final String EPOLL = "sun.nio.ch.EPollSelectorProvider";

    private SelectorProviders() {
    }

    /** Names the epoll provider, unless the user named one or this JDK has no such class (then the search runs as before). */
    static void skipLookup() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            Class.forName(EPOLL, false, null);
            System.setProperty(PROPERTY, EPOLL);
        } catch (ClassNotFoundException | LinkageError e) {
            // another JDK's internals: the ServiceLoader search finds its default as it always did
        }
    }
}
