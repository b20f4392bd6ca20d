// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;
import dev.velos.sys.Signals;

/**
 * The signals a user may name in {@code velos signal} (Linux numbers). Names are accepted with or
 * without the {@code SIG} prefix, in any case; numbers only when they name one of these, so a typo
 * cannot send something unexpected.
 */
final class SignalNames {
    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

    /** The signals users send to apps, in the order the error message lists them. */
    private enum Known {
        SIGHUP(Signals.SIGHUP), SIGINT(Signals.SIGINT), SIGQUIT(Signals.SIGQUIT), SIGKILL(Signals.SIGKILL),
        SIGUSR1(Signals.SIGUSR1), SIGUSR2(Signals.SIGUSR2), SIGALRM(Signals.SIGALRM), SIGTERM(Signals.SIGTERM),
        SIGCONT(Signals.SIGCONT), SIGSTOP(Signals.SIGSTOP), SIGTSTP(Signals.SIGTSTP), SIGWINCH(Signals.SIGWINCH);

        final int number;

        Known(int number) {
            this.number = number;
        }
    }

    static {
        for (Known k : Known.values()) {
            BY_NAME.put(k.name(), k.number);
        }
    }

    private SignalNames() {
    }

    /** The name of signal {@code number} ({@code SIGINT}), or the number itself when it is not one of these. */
    static String name(int number) {
        for (Map.Entry<String, Integer> e : BY_NAME.entrySet()) {
            if (e.getValue() == number) {
                return e.getKey();
            }
        }
        return Integer.toString(number);
    }

    /** The number of {@code signal}: {@code SIGUSR1}, {@code usr1} or {@code 10}. */
    static int parse(String signal) {
        String s = signal == null ? "" : signal.trim().toUpperCase(Locale.ROOT);
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(s.length() > 3 ? "999" : s);
            if (BY_NAME.containsValue(n)) {
                return n;
            }
        } else {
            Integer n = BY_NAME.get(s.startsWith("SIG") ? s : "SIG" + s);
            if (n != null) {
                return n;
            }
        }
        throw new VelosException(ErrorCode.INVALID_ARGUMENT, "unknown signal '" + signal + "'; use one of "
                + String.join(", ", BY_NAME.keySet()) + " (or its number)");
    }
}
