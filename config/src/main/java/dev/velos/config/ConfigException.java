// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.List;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * A config file ({@code velos.toml}) or env file ({@code .env}) that cannot be used. Each problem
 * names the file, the line when it is known and the key, e.g.
 * {@code velos.toml:12: app 'web': max_restarts must be >= -1, got -5}; the message is the
 * problems joined by newlines, so a file with three mistakes reports all three at once.
 */
public final class ConfigException extends VelosException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String problem) {
        this(List.of(problem), null);
    }

    public ConfigException(String problem, Throwable cause) {
        this(List.of(problem), cause);
    }

    public ConfigException(List<String> problems) {
        this(problems, null);
    }

    private ConfigException(List<String> problems, Throwable cause) {
        super(ErrorCode.INVALID_ARGUMENT, String.join("\n", problems), cause);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, one {@code file:line: message} per entry, in file order. */
    public List<String> problems() {
        return problems;
    }
}
