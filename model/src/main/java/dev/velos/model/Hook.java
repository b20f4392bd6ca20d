// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** What runs at a {@link HookEvent}: a command, a webhook, or nothing. */
public sealed interface Hook {
    Hook NONE = new None();

    /** No hook. */
    record None() implements Hook {
    }

    /**
     * A command, spawned like an app (never through a shell unless argv[0] is one), in the app's
     * working directory and environment plus {@code VELOS_APP}, {@code VELOS_EVENT} and
     * {@code VELOS_EXIT_CODE}.
     */
    record Command(List<String> argv) implements Hook {
        public Command {
            argv = List.copyOf(argv);
            if (argv.isEmpty() || argv.getFirst().isBlank()) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "a hook command must not be empty");
            }
        }
    }

    /** A POST of the event as JSON to {@code url}. */
    record Webhook(URI url) implements Hook {
        public Webhook {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "webhook needs an http:// or https:// URL, got '" + url + "'");
            }
        }

        public static Webhook of(String url) {
            try {
                return new Webhook(URI.create(url.trim()));
            } catch (IllegalArgumentException e) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "invalid webhook URL '" + url + "': " + e.getMessage());
            }
        }
    }
}
