// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.velos.model.LogLine;
import dev.velos.model.OrchestrationEvent;
import dev.velos.model.ProcessEvent;

/** Collects every line and event a supervisor reports, for assertions. */
final class Recorder implements LogSink, ProcessListener {
    final List<LogLine> lines = new CopyOnWriteArrayList<>();
    final List<ProcessEvent> events = new CopyOnWriteArrayList<>();
    final List<OrchestrationEvent> orchestration = new CopyOnWriteArrayList<>();
    /** Every event of both kinds, in the order the supervisor reported them. */
    final List<Object> all = new CopyOnWriteArrayList<>();

    @Override
    public void accept(LogLine line) {
        lines.add(line);
    }

    @Override
    public void onEvent(ProcessEvent event) {
        events.add(event);
        all.add(event);
    }

    @Override
    public void onOrchestrationEvent(OrchestrationEvent event) {
        orchestration.add(event);
        all.add(event);
    }

    <T extends OrchestrationEvent> List<T> orchestration(Class<T> type, String name) {
        return orchestration.stream().filter(type::isInstance).map(type::cast).filter(e -> e.name().equals(name)).toList();
    }

    <T extends ProcessEvent> List<T> events(Class<T> type, String name) {
        return events.stream().filter(type::isInstance).map(type::cast).filter(e -> e.name().equals(name)).toList();
    }

    List<String> texts(String name) {
        return lines.stream().filter(l -> l.name().equals(name)).map(LogLine::text).toList();
    }

    Supervisor.Builder attach(Supervisor.Builder builder) {
        return builder.logSink(this).listener(this);
    }
}
