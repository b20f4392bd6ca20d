// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * The {@link System.Logger} backend of velos's own process: the libraries (supervisor, logs, ipc)
 * log through {@code System.getLogger}, and each record becomes one line on {@code System.err}
 * ({@code WARNING [LogFileWriter] cannot rotate ...}) at the moment it is logged. In the daemon,
 * {@code System.err} is the daemon log's stamped stream ({@code $VELOS_HOME/daemon.log}), so
 * library warnings land there with everything else; in the CLI it is the terminal, as with the
 * JDK's default backend. Unlike that default (java.util.logging), this loads a handful of classes
 * and prints one line, not two, per record. INFO and above are printed ({@code VELOS_LOG_LEVEL}
 * may say DEBUG, TRACE, WARNING, ERROR or OFF).
 */
public final class DaemonLoggerFinder extends System.LoggerFinder {
    private static final System.Logger.Level THRESHOLD = threshold(System.getenv("VELOS_LOG_LEVEL"));

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new LineLogger(name.substring(name.lastIndexOf('.') + 1));
    }

    static System.Logger.Level threshold(String value) {
        if (value == null || value.isBlank()) {
            return System.Logger.Level.INFO;
        }
        try {
            return System.Logger.Level.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return System.Logger.Level.INFO;
        }
    }

    private record LineLogger(String name) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && THRESHOLD != Level.OFF && level.getSeverity() >= THRESHOLD.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                PrintStream err = System.err;
                err.println(level.getName() + " [" + name + "] " + msg);
                if (thrown != null) {
                    thrown.printStackTrace(err);
                }
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
                        (Throwable) null);
            }
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            if (isLoggable(level)) {
                log(level, (ResourceBundle) null, msgSupplier.get(), (Throwable) null);
            }
        }
    }
}
