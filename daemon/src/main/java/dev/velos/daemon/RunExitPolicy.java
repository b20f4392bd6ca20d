// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.velos.model.AppNames;
import dev.velos.model.ErrorCode;
import dev.velos.model.ExitStatus;
import dev.velos.model.ProcessInfo;
import dev.velos.model.ProcessStatus;
import dev.velos.model.VelosException;

/**
 * When {@code velos run} ends, and with which exit code (issue 22): {@code all} (the default)
 * once every app has ended, {@code any} as soon as one has, {@code <app>} once that app (every
 * instance of a cluster) has — the others are then stopped. The code is the failing app's (the
 * first to fail, in the order they ended), else 0: a container's exit code tells the orchestrator
 * what happened.
 *
 * <p>An app has ended when nothing more happens to it by itself ({@code Supervisor.finished()}:
 * no process, no restart to come). Its code: 0 when it ended {@code stopped} (exit 0, an exit code
 * its {@code stop_exit_codes} call clean, or a stop asked for), else its exit code, 128 + the
 * signal that killed it (the shell's convention), or 1 when velos could not start it or does not
 * know how it ended.
 *
 * @param kind which rule
 * @param app  the app of {@link Kind#APP} ("" for the others)
 */
public record RunExitPolicy(Kind kind, String app) {
    public static final RunExitPolicy ALL = new RunExitPolicy(Kind.ALL, "");

    public enum Kind { ALL, ANY, APP }

    /** An app that ended, in the order they did, with its code. */
    public record Ended(String name, int code) {
    }

    /** {@code all}, {@code any} or an app's name; anything else is refused with what is allowed. */
    public static RunExitPolicy parse(String value) {
        String v = value == null ? "" : value.trim();
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "all" -> ALL;
            case "any" -> new RunExitPolicy(Kind.ANY, "");
            default -> {
                try {
                    yield new RunExitPolicy(Kind.APP, AppNames.requireValid(v));
                } catch (VelosException e) {
                    throw new VelosException(ErrorCode.INVALID_ARGUMENT, "exit policy '" + value
                            + "' is not 'all', 'any' or an app's name");
                }
            }
        };
    }

    /** Whether {@code name} (an app, or an instance {@code name:N} of a cluster) is this policy's app. */
    boolean names(String name) {
        return kind == Kind.APP && (name.equals(app) || AppNames.baseOf(name).equals(app));
    }

    /**
     * The exit code to end with now, or empty to go on: {@code apps} are every app's name,
     * {@code ended} those that have ended, in the order they did.
     */
    Optional<Integer> decide(List<String> apps, List<Ended> ended) {
        return switch (kind) {
            case ANY -> ended.isEmpty() ? Optional.empty() : Optional.of(ended.getFirst().code());
            case ALL -> allEnded(apps, ended, n -> true);
            case APP -> allEnded(apps, ended, this::names);
        };
    }

    private static Optional<Integer> allEnded(List<String> apps, List<Ended> ended, java.util.function.Predicate<String> of) {
        List<String> endedNames = ended.stream().map(Ended::name).toList();
        if (!apps.stream().filter(of).allMatch(endedNames::contains)) {
            return Optional.empty();
        }
        return Optional.of(ended.stream().filter(e -> of.test(e.name())).mapToInt(Ended::code).filter(c -> c != 0)
                .findFirst().orElse(0));
    }

    /** The code an ended app stands for (see the class note). */
    static int codeOf(ProcessInfo app) {
        if (app.status() == ProcessStatus.STOPPED) {
            return 0;
        }
        ExitStatus exit = app.lastExit();
        if (!exit.isKnown()) {
            return 1;
        }
        return exit.killedBySignal() ? 128 + exit.signal() : exit.code();
    }

    @Override
    public String toString() {
        return kind == Kind.APP ? app : kind.name().toLowerCase(Locale.ROOT);
    }
}
