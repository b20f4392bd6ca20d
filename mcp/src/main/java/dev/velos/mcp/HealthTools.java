// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import dev.velos.ipc.HealthCheck;
import dev.velos.ipc.Operation;

/**
 * {@code health_check}: the report of the one health scorer REST's {@code /api/health} uses too
 * ({@link HealthCheck}): one score per process and the issues that cost points, so a model sees at
 * once which process to look at.
 */
record HealthTools(DaemonAccess daemon) {
    Tool tool() {
        return new Tool("health_check", "Scores every process 0-100 (100 = healthy) from its status, its restarts and "
                + "the errors in its newest " + HealthCheck.SUMMARY_LINES + " log lines, listing the issues found; "
                + "overall_score is the worst process's score. Use it for a quick 'is everything OK?' before digging in "
                + "with log_summary.",
                Schemas.none(), Operation.HEALTH, call -> daemon.with(c -> HealthCheck.report(c, call.grant())));
    }
}
