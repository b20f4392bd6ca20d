// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.velos.ipc.AuditLog;

/**
 * The 13 tools of REFERENCE §10.2, {@code config_apply} (issue 18) and {@code audit_read} (issue 23),
 * in the order tools/list shows them.
 */
public final class VelosTools {
    private VelosTools() {
    }

    /** Every tool, over {@code daemon}; relative paths of process_start resolve against {@code workingDirectory}. */
    static List<Tool> all(DaemonAccess daemon, Path workingDirectory, AuditLog audit) {
        List<Tool> tools = new ArrayList<>(new ProcessTools(daemon, workingDirectory).tools());
        tools.addAll(new LogTools(daemon).tools());
        tools.add(new HealthTools(daemon).tool());
        tools.addAll(new ConfigTools(daemon).tools());
        tools.add(new ApplyTool(daemon, workingDirectory).tool());
        tools.add(new AuditTools(audit).tool());
        return List.copyOf(tools);
    }
}
