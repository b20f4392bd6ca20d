// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli;

import java.util.ArrayList;
import java.util.List;

import dev.velos.ipc.AuditLog;
import dev.velos.ipc.AuditQuery;
import dev.velos.ipc.AuditRecord;
import dev.velos.logs.LogQueryException;
import dev.velos.logs.TimeSpec;
import dev.velos.model.AppNames;
import dev.velos.model.VelosException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code velos audit}: the newest records of the runtime directory's audit trail (issue 23), who
 * changed what through which channel and with what result, read from {@code audit.log} and its
 * rotated files by {@link AuditLog} without a daemon. {@code --since}/{@code --until} take the
 * forms of {@code velos logs} ({@link TimeSpec}); {@code --app} keeps the records about those apps
 * and their cluster instances.
 */
@Command(name = "audit")
final class AuditCommand extends LocalCommand {
    static final int DEFAULT_LIMIT = 50;

    /** The channels a record can come from, for {@code --channel}'s check and completion. */
    static final class Channels extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Channels() {
            super(List.of(AuditRecord.CLI, AuditRecord.REST, AuditRecord.DASHBOARD, AuditRecord.MCP));
        }
    }

    @Option(names = "--since", paramLabel = "<time>", descriptionKey = "audit.since")
    String since;

    @Option(names = "--until", paramLabel = "<time>", descriptionKey = "audit.until")
    String until;

    @Option(names = "--app", paramLabel = "<name>", split = ",", descriptionKey = "audit.app")
    List<String> apps = new ArrayList<>();

    @Option(names = "--channel", paramLabel = "<channel>", descriptionKey = "audit.channel",
            completionCandidates = Channels.class)
    String channel;

    @Option(names = {"-n", "--limit"}, paramLabel = "<n>", descriptionKey = "audit.limit")
    int limit = DEFAULT_LIMIT;

    @Override
    int execute() {
        long now = System.currentTimeMillis();
        AuditQuery query = new AuditQuery(time("--since", since, now), time("--until", until, now), baseNames(), channel(),
                limit());
        AuditLog log = AuditLog.in(context().home());
        List<AuditRecord> records = log.read(query);
        if (json) {
            out().println(Json.pretty(records.stream().map(AuditRecord::toJson).toList()));
        } else if (records.isEmpty()) {
            out().println(filtered() ? "[velos] No audit records match." : "[velos] No audit records yet (" + log.file() + ").");
        } else {
            AuditView.lines(records, style()).forEach(out()::println);
        }
        return ExitCode.OK;
    }

    private boolean filtered() {
        return since != null || until != null || !apps.isEmpty() || channel != null;
    }

    /** {@code value} as epoch ms (0: no bound); a form {@link TimeSpec} does not know is a usage error. */
    private long time(String option, String value, long now) {
        if (value == null) {
            return 0;
        }
        try {
            return TimeSpec.parse(value, now);
        } catch (LogQueryException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': "
                    + e.getMessage());
        }
    }

    private List<String> baseNames() {
        try {
            return apps.stream().map(String::strip).filter(a -> !a.isEmpty()).map(AppNames::requireValid)
                    .map(AppNames::baseOf).distinct().toList();
        } catch (VelosException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--app': " + e.getMessage());
        }
    }

    private String channel() {
        if (channel == null) {
            return "";
        }
        List<String> known = new Channels();
        if (!known.contains(channel)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--channel': unknown channel '"
                    + channel + "' (use " + String.join(", ", known) + ")");
        }
        return channel;
    }

    private int limit() {
        if (limit < 1 || limit > AuditQuery.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--limit': " + limit
                    + " (use 1 to " + AuditQuery.MAX_LIMIT + ")");
        }
        return limit;
    }
}
