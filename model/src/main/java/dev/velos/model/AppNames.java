// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.util.regex.Pattern;

/**
 * Process names: {@code [A-Za-z0-9._-]{1,64}}, not {@code .} or {@code ..}; a cluster instance
 * adds {@code :N}. Names become file names ({@code logs/<name>-out.log}), so anything that could
 * escape the log directory or break a path is refused here, at the edge.
 */
public final class AppNames {
    private static final Pattern BASE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9._-]{1,64}:[0-9]{1,4}");

    private AppNames() {
    }

    /** Returns {@code name} if it is a valid base or instance name, else throws INVALID_ARGUMENT. */
    public static String requireValid(String name) {
        boolean ok = (BASE.matcher(name).matches() || INSTANCE.matcher(name).matches())
                && !baseOf(name).equals(".") && !baseOf(name).equals("..");
        if (!ok) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "invalid process name '" + printable(name)
                    + "': use 1-64 letters, digits, '.', '_' or '-' (not '.' or '..')");
        }
        return name;
    }

    /** The name without a {@code :N} instance suffix. */
    public static String baseOf(String name) {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    /** The name of instance {@code index} of {@code base}. */
    public static String instanceName(String base, int index) {
        return base + ":" + index;
    }

    /**
     * The name {@code name}'s files start with ({@code logs/<stem>-out.log}): the name, with an
     * instance's {@code :} as {@code -} (a {@code :} in a file name breaks scp, rsync and Windows
     * shares). Two names share a stem only as {@code web-0} and instance {@code web:0}, which is
     * why the daemon refuses such a pair.
     */
    public static String fileStem(String name) {
        return requireValid(name).replace(':', '-');
    }

    private static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        name.codePoints().limit(80).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }
}
