// SPDX-License-Identifier: Apache-2.0
package dev.velos.sys;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bindings are the single source of truth; this test compiles a C probe with gcc that prints
 * the C value of every struct size, field offset and constant they declare, and compares (STYLE
 * R7, NATIVE-NOTES §8). A wrong layout or constant corrupts memory or sends the wrong flag
 * silently, so every binding constant is covered by reflection, not by a hand-kept list: a new
 * constant is checked as soon as it exists.
 *
 * <p>Skipped when gcc is missing, except on CI ({@code CI=true}), where that is a failure.
 */
@EnabledOnOs(OS.LINUX)
class NativeLayoutTest {
    /** Every class whose public int constants carry the C spelling of a macro or enum. */
    private static final List<Class<?>> BINDINGS = List.of(Spawn.class, Pidfd.class, Wait.class, Epoll.class, EventFd.class,
            Inotify.class, Fds.class, Sockets.class, Signals.class, Prctl.class, SysConf.class, TimerFd.class, ServerSockets.class,
            FdPassing.class);

    /** Constants that are velos's own numbers, not C names. */
    private static final Set<String> VELOS_ONLY = Set.of("Inotify.READ_BUFFER_SIZE", "TimerFd.CLOCK_CHANGED",
            "FdPassing.MAX_FDS_PER_MESSAGE");

    private static final Pattern C_NAME = Pattern.compile("[A-Z0-9_]+");

    /**
     * Every C header the bindings' constants and structs come from. {@code <linux/pidfd.h>} is not
     * here: it clashes with glibc's {@code <fcntl.h>} ({@code struct flock} redefinition), so the
     * {@code PIDFD_*} constants get a probe of their own.
     */
    private static final String HEADERS = """
            #define _GNU_SOURCE
            #include <errno.h>
            #include <fcntl.h>
            #include <grp.h>
            #include <netinet/in.h>
            #include <pwd.h>
            #include <signal.h>
            #include <spawn.h>
            #include <stddef.h>
            #include <stdio.h>
            #include <sys/epoll.h>
            #include <sys/eventfd.h>
            #include <sys/inotify.h>
            #include <sys/prctl.h>
            #include <sys/socket.h>
            #include <sys/stat.h>
            #include <sys/timerfd.h>
            #include <sys/types.h>
            #include <sys/uio.h>
            #include <sys/un.h>
            #include <sys/wait.h>
            #include <time.h>
            #include <unistd.h>
            """;

    /** Headers that may lack a constant (the kernel headers of older distributions): checked only if defined. */
    private static final String PIDFD_HEADERS = """
            #include <stdio.h>
            #if defined __has_include
            #  if __has_include(<linux/pidfd.h>)
            #    include <linux/pidfd.h>
            #  endif
            #endif
            """;

    /**
     * One fact: what it is, the C expression giving its value, the Java value. Flags are compared
     * modulo 2^32: {@code EPOLLET} is {@code 1u << 31} in C and negative as a Java int.
     */
    private record Check(String what, String c, long java, boolean modulo32) {
        boolean matches(long value) {
            return modulo32 ? (value & 0xFFFF_FFFFL) == (java & 0xFFFF_FFFFL) : value == java;
        }
    }

    @Test
    @Timeout(60)
    void everyStructLayoutAndConstantOfTheBindingsMatchesTheCHeaders(@TempDir Path dir) throws Exception {
        String gcc = gcc();
        List<Check> checks = new ArrayList<>(layoutChecks());
        List<Check> pidfdChecks = new ArrayList<>();
        for (Check check : constantChecks()) {
            (check.c().startsWith("PIDFD_") ? pidfdChecks : checks).add(check);
        }
        assertThat(checks).as("constants and layout facts found by reflection").hasSizeGreaterThan(120);
        assertThat(pidfdChecks).extracting(Check::what).contains("Pidfd.PIDFD_SIGNAL_PROCESS_GROUP");

        Process compileMain = compile(gcc, dir, "layouts", probe(HEADERS, checks, false));
        Process compilePidfd = compile(gcc, dir, "pidfd", probe(PIDFD_HEADERS, pidfdChecks, true));
        Map<Integer, String> values = run(dir, "layouts", compileMain);
        Map<Integer, String> pidfdValues = run(dir, "pidfd", compilePidfd);

        List<String> mismatches = new ArrayList<>();
        compare(checks, values, mismatches, new ArrayList<>());
        List<String> absent = new ArrayList<>();
        compare(pidfdChecks, pidfdValues, mismatches, absent);
        if (!absent.isEmpty()) {
            System.out.println("NativeLayoutTest: not in this machine's <linux/pidfd.h>, skipped: " + absent);
        }
        assertThat(mismatches)
                .withFailMessage(() -> mismatches.size() + " of " + (checks.size() + pidfdChecks.size())
                        + " values differ between the Java bindings and the C headers:\n  " + String.join("\n  ", mismatches))
                .isEmpty();
    }

    /** Size, and offset and size of every named field, of each struct the bindings declare; plus opaque sizes. */
    private static List<Check> layoutChecks() {
        List<Check> checks = new ArrayList<>();
        struct(checks, "struct epoll_event", Epoll.EVENT, "events", "data");
        struct(checks, "siginfo_t", Wait.SIGINFO, "si_signo", "si_errno", "si_code", "si_pid", "si_uid", "si_status");
        struct(checks, "struct inotify_event", Inotify.EVENT, "wd", "mask", "cookie", "len");
        struct(checks, "struct sockaddr_un", Sockets.SOCKADDR_UN, "sun_family", "sun_path");
        struct(checks, "struct timespec", TimerFd.TIMESPEC, "tv_sec", "tv_nsec");
        struct(checks, "struct sockaddr_in", ServerSockets.SOCKADDR_IN, "sin_family", "sin_port", "sin_addr");
        struct(checks, "struct sockaddr_in6", ServerSockets.SOCKADDR_IN6, "sin6_family", "sin6_port", "sin6_flowinfo",
                "sin6_addr", "sin6_scope_id");
        struct(checks, "struct iovec", FdPassing.IOVEC, "iov_base", "iov_len");
        struct(checks, "struct msghdr", FdPassing.MSGHDR, "msg_name", "msg_namelen", "msg_iov", "msg_iovlen", "msg_control",
                "msg_controllen", "msg_flags");
        struct(checks, "struct cmsghdr", FdPassing.CMSGHDR, "cmsg_len", "cmsg_level", "cmsg_type");
        // CMSG_LEN and CMSG_SPACE are macros, written in Java: one fd, and three (12 bytes, padded to 16).
        checks.add(new Check("FdPassing.cmsgLen(4)", "CMSG_LEN(4)", FdPassing.cmsgLen(4), false));
        checks.add(new Check("FdPassing.cmsgSpace(4)", "CMSG_SPACE(4)", FdPassing.cmsgSpace(4), false));
        checks.add(new Check("FdPassing.cmsgSpace(12)", "CMSG_SPACE(12)", FdPassing.cmsgSpace(12), false));
        struct(checks, "struct itimerspec", TimerFd.ITIMERSPEC, "it_interval", "it_value");
        struct(checks, "struct sigaction", Signals.SIGACTION, "sa_handler", "sa_mask", "sa_flags", "sa_restorer");
        struct(checks, "struct passwd", Users.PASSWD, "pw_name", "pw_uid", "pw_gid", "pw_dir", "pw_shell");
        struct(checks, "struct group", Users.GROUP, "gr_name", "gr_gid", "gr_mem");
        checks.add(new Check("Spawn.FILE_ACTIONS_SIZE", "sizeof(posix_spawn_file_actions_t)", Spawn.FILE_ACTIONS_SIZE, false));
        checks.add(new Check("Spawn.ATTR_SIZE", "sizeof(posix_spawnattr_t)", Spawn.ATTR_SIZE, false));
        checks.add(new Check("Signals.SIGSET_SIZE", "sizeof(sigset_t)", Signals.SIGSET_SIZE, false));
        // The bindings pass these types as JAVA_INT (pid and uid).
        checks.add(new Check("pid_t as JAVA_INT", "sizeof(pid_t)", JAVA_INT.byteSize(), false));
        checks.add(new Check("uid_t as JAVA_INT", "sizeof(uid_t)", JAVA_INT.byteSize(), false));
        checks.add(new Check("mode_t as JAVA_INT", "sizeof(mode_t)", JAVA_INT.byteSize(), false));
        checks.add(new Check("socklen_t as JAVA_INT", "sizeof(socklen_t)", JAVA_INT.byteSize(), false));
        checks.add(new Check("idtype_t as JAVA_INT", "sizeof(idtype_t)", JAVA_INT.byteSize(), false));
        return checks;
    }

    private static void struct(List<Check> checks, String cType, StructLayout layout, String... requiredFields) {
        String name = layout.name().orElseThrow();
        List<String> fields = layout.memberLayouts().stream().flatMap(m -> m.name().stream()).toList();
        assertThat(fields).as("named fields of %s", name).contains(requiredFields);
        checks.add(new Check("sizeof " + name, "sizeof(" + cType + ")", layout.byteSize(), false));
        for (MemoryLayout member : layout.memberLayouts()) {
            if (member.name().isEmpty()) {
                continue; // padding
            }
            String field = member.name().get();
            checks.add(new Check("offsetof " + name + "." + field, "offsetof(" + cType + ", " + field + ")",
                    layout.byteOffset(groupElement(field)), false));
            checks.add(new Check("sizeof " + name + "." + field, "sizeof(((" + cType + " *) 0)->" + field + ")",
                    member.byteSize(), false));
        }
    }

    /** Every {@code public static final int} with a C-style name in the bindings, and every named errno. */
    private static List<Check> constantChecks() throws IllegalAccessException {
        List<Check> checks = new ArrayList<>();
        for (Class<?> binding : BINDINGS) {
            for (Field field : binding.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                String what = binding.getSimpleName() + "." + field.getName();
                if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                        && field.getType() == int.class && C_NAME.matcher(field.getName()).matches()
                        && !VELOS_ONLY.contains(what)) {
                    checks.add(new Check(what, field.getName(), field.getInt(null), true));
                }
            }
        }
        for (Errno errno : Errno.values()) {
            if (errno != Errno.UNKNOWN) {
                checks.add(new Check("Errno." + errno.name(), errno.name(), errno.number(), false));
            }
        }
        return checks;
    }

    /**
     * A C program printing {@code "<index> <value>"} per check. With {@code optional}, each check
     * is a macro that may be undefined, printed as {@code "<index> absent"}.
     */
    private static String probe(String headers, List<Check> checks, boolean optional) {
        StringBuilder c = new StringBuilder(headers).append("\nint main(void) {\n");
        for (int i = 0; i < checks.size(); i++) {
            String print = "    printf(\"%d %lld\\n\", " + i + ", (long long) (" + checks.get(i).c() + "));\n";
            if (optional) {
                c.append("#ifdef ").append(checks.get(i).c()).append('\n').append(print)
                        .append("#else\n    printf(\"%d absent\\n\", ").append(i).append(");\n#endif\n");
            } else {
                c.append(print);
            }
        }
        return c.append("    return 0;\n}\n").toString();
    }

    private static void compare(List<Check> checks, Map<Integer, String> values, List<String> mismatches, List<String> absent) {
        for (int i = 0; i < checks.size(); i++) {
            Check check = checks.get(i);
            String value = values.get(i);
            if (value == null) {
                mismatches.add(check.what() + ": the probe printed no value for " + check.c());
            } else if (value.equals("absent")) {
                absent.add(check.what());
            } else if (!check.matches(Long.parseLong(value))) {
                mismatches.add(check.what() + ": java=" + check.java() + " C=" + value + "   (" + check.c() + ")");
            }
        }
    }

    private static Process compile(String gcc, Path dir, String name, String source) throws IOException {
        Path file = dir.resolve(name + ".c");
        Files.writeString(file, source);
        return new ProcessBuilder(gcc, "-std=gnu11", "-Wall", "-o", dir.resolve(name).toString(), file.toString())
                .redirectErrorStream(true).start();
    }

    /** Waits for the compiler, runs the probe and returns its values by check index. */
    private static Map<Integer, String> run(Path dir, String name, Process compiler) throws Exception {
        String diagnostics = new String(compiler.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!compiler.waitFor(30, TimeUnit.SECONDS) || compiler.exitValue() != 0) {
            fail("gcc failed on " + dir.resolve(name + ".c") + " (a constant or type missing from the headers?):\n"
                    + diagnostics);
        }
        if (!diagnostics.isBlank()) {
            System.out.println("NativeLayoutTest: gcc warnings for " + name + ".c:\n" + diagnostics);
        }
        Process probe = new ProcessBuilder(dir.resolve(name).toString()).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as("exit status of probe %s, output:\n%s", name, output).isZero();
        Map<Integer, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                String[] parts = line.trim().split(" ", 2);
                values.put(Integer.parseInt(parts[0]), parts[1]);
            }
        }
        return values;
    }

    /** The gcc on PATH; without one the test is skipped, or fails when {@code CI=true}. */
    private static String gcc() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String entry : path.split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "gcc"))) {
                return Path.of(entry, "gcc").toString();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("gcc is not on PATH (" + path + "); CI must check the native layouts, install gcc");
        }
        assumeTrue(false, "gcc is not on PATH; native layouts and constants not checked");
        throw new AssertionError("unreachable");
    }
}
