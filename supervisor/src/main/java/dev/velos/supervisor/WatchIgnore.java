// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code --watch-ignore} globs, with the semantics users expect from {@code .gitignore}
 * rather than those of {@code FileSystem#getPathMatcher("glob:")}:
 *
 * <ul>
 *   <li>A pattern without {@code '/'} ({@code node_modules}, {@code .git}, {@code *.log}) matches
 *       any single path component at any depth, so it ignores a file of that name and every
 *       directory of that name with all its contents. The JDK matcher would only match it
 *       against the whole relative path, i.e. only at the top level.</li>
 *   <li>A pattern with {@code '/'} ({@code src/gen}, {@code /build}, {@code **}{@code /tmp/*.js})
 *       is anchored at the watch root and matched against the relative path and each of its
 *       leading prefixes, so a directory pattern also ignores everything below it. A leading or
 *       trailing {@code '/'} only anchors or marks a directory and is dropped.</li>
 *   <li>{@code *} and {@code ?} stay within one component, {@code **} crosses components, and
 *       {@code a/**}{@code /b} also matches {@code a/b} (zero directories) as in git, which the
 *       JDK's {@code **} (plain {@code .*}) does not. {@code [abc]}, {@code [!a-z]} and
 *       {@code {x,y}} work; an unclosed bracket or brace is taken literally, so no user pattern
 *       is ever rejected.</li>
 * </ul>
 *
 * {@link #DEFAULTS} are always added: a watched Node project must never restart because npm
 * wrote to {@code node_modules} or git to {@code .git}, nor because the app wrote its own log.
 */
final class WatchIgnore {
    /** Always ignored, whatever the user passes. */
    static final List<String> DEFAULTS = List.of("node_modules", ".git", "*.log");

    private final List<Pattern> anyComponent;
    private final List<Pattern> anchored;

    private WatchIgnore(List<Pattern> anyComponent, List<Pattern> anchored) {
        this.anyComponent = anyComponent;
        this.anchored = anchored;
    }

    /** The user's patterns plus {@link #DEFAULTS}; blank patterns are skipped. */
    static WatchIgnore of(List<String> patterns) {
        Set<String> all = new LinkedHashSet<>(DEFAULTS);
        patterns.forEach(p -> all.add(Objects.requireNonNull(p, "ignore pattern").strip()));
        List<Pattern> anyComponent = new ArrayList<>();
        List<Pattern> anchored = new ArrayList<>();
        for (String raw : all) {
            String p = raw.startsWith("./") ? raw.substring(2) : raw;
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                continue;
            }
            if (p.indexOf('/') < 0) {
                anyComponent.add(compile(p));
            } else {
                anchored.add(compile(p.startsWith("/") ? p.substring(1) : p));
            }
        }
        return new WatchIgnore(List.copyOf(anyComponent), List.copyOf(anchored));
    }

    /** Whether {@code relative} (a path relative to a watch root) is ignored; the root itself never is. */
    boolean ignores(Path relative) {
        StringBuilder prefix = new StringBuilder();
        for (Path component : relative) {
            String name = component.toString();
            if (name.isEmpty()) {
                continue;
            }
            for (Pattern p : anyComponent) {
                if (p.matcher(name).matches()) {
                    return true;
                }
            }
            if (!prefix.isEmpty()) {
                prefix.append('/');
            }
            prefix.append(name);
            for (Pattern p : anchored) {
                if (p.matcher(prefix).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Translates one glob into a regular expression; see the class comment for the dialect. */
    static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*' && glob.startsWith("**/", i)) {
                re.append("(?:.*/)?");
                i += 3;
                continue;
            }
            if (c == '*' && glob.startsWith("**", i)) {
                re.append(".*");
                i += 2;
                continue;
            }
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> i = bracket(glob, i, re) - 1;
                case '{' -> {
                    if (glob.indexOf('}', i) > i) {
                        braces++;
                        re.append("(?:");
                    } else {
                        re.append("\\{");
                    }
                }
                case '}' -> re.append(braces > 0 ? ")" : "\\}");
                case ',' -> re.append(braces > 0 ? "|" : ",");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
            if (c == '}' && braces > 0) {
                braces--;
            }
            i++;
        }
        return Pattern.compile(re.toString());
    }

    /** Appends the class starting at {@code start} ({@code '['}); returns the index after it. */
    private static int bracket(String glob, int start, StringBuilder re) {
        int end = glob.indexOf(']', start + 2);
        if (end < 0) {
            re.append("\\[");
            return start + 1;
        }
        String body = glob.substring(start + 1, end);
        boolean negate = body.startsWith("!") || body.startsWith("^");
        if (negate) {
            body = body.substring(1);
        }
        re.append(negate ? "[^/" : "[");
        for (char b : body.toCharArray()) {
            re.append(b == '\\' || b == '[' || b == ']' || b == '&' || b == '^' ? "\\" + b : String.valueOf(b));
        }
        re.append(']');
        return end + 1;
    }
}
