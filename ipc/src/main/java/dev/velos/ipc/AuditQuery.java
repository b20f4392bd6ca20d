// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.List;

import dev.velos.model.AppNames;

/**
 * Which records {@link AuditLog#read} returns: the newest {@code limit} of those in the time
 * window, about the apps listed, from the channel named.
 *
 * @param sinceMs earliest time, epoch ms (0 = no bound)
 * @param untilMs latest time, epoch ms (0 = no bound)
 * @param apps    base names whose records to keep (a record about {@code api:1} is about {@code api});
 *                empty for every record, including those about {@code all} or no app
 * @param channel {@code cli}, {@code rest}, {@code dashboard} or {@code mcp}; "" for every channel
 * @param limit   how many of the newest matching records, 1 to {@value #MAX_LIMIT}
 */
public record AuditQuery(long sinceMs, long untilMs, List<String> apps, String channel, int limit) {
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        apps = List.copyOf(apps);
        limit = Math.clamp(limit, 1, MAX_LIMIT);
    }

    boolean matches(AuditRecord r) {
        long t = r.time().toEpochMilli();
        return (sinceMs <= 0 || t >= sinceMs) && (untilMs <= 0 || t <= untilMs)
                && (channel.isEmpty() || channel.equals(r.channel()))
                && (apps.isEmpty() || apps.contains(AppNames.baseOf(r.target())));
    }
}
