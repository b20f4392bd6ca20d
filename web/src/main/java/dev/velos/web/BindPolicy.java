// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * DESIGN §4: HTTP surfaces listen on 127.0.0.1 unless told otherwise, and a bind that other hosts
 * can reach needs a token. The check runs before anything listens.
 */
public final class BindPolicy {
    private BindPolicy() {
    }

    /** Throws {@link UsageException} when {@code host} is not loopback and there is no token. */
    public static void check(String host, String token) {
        if (!isLoopback(host) && (token == null || token.isBlank())) {
            throw new UsageException("refusing to listen on " + host + " without a token: anyone who can reach this host "
                    + "could control your processes. Pass --token <secret>, or keep the default --host 127.0.0.1.");
        }
    }

    static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            throw new UsageException("unknown host '" + host + "': " + e.getMessage());
        }
    }
}
