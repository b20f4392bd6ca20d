// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.velos.model.ErrorCode;
import dev.velos.sys.SpawnRequest;

/**
 * What must happen between posix_spawn and the app's own exec, done by small standard programs
 * the child execs first — posix_spawn itself can neither change credentials nor choose a cgroup
 * (glibc 2.39's POSIX_SPAWN_SETCGROUP is not in bookworm), and no Java may run in the child.
 * Each step keeps the pid, so the app's pid is the spawned child's pid, and the supervisor's
 * pidfd, process group and exit status are the app's.
 *
 * <ol>
 *   <li>{@link EnterCgroup}: {@code /bin/sh} writes its own pid ({@code $$}) to the app's
 *       {@code cgroup.procs} while still root, so every process the app ever forks is born inside
 *       its cgroup (writing the pid after the spawn would let anything forked meanwhile escape);</li>
 *   <li>{@link SetListenPid} (issue 20, socket activation): the same shell exports
 *       {@code LISTEN_PID=$$}, which is the app's pid since every later step is an exec;</li>
 *   <li>{@link SetCredentials}: {@code setpriv --reuid --regid --init-groups} (util-linux, essential
 *       on Debian) drops to the app's user, group and that user's supplementary groups, last, since
 *       only root may enter a cgroup;</li>
 *   <li>exec of the app with its argv, environment and fds untouched (extra fds from 3 up pass
 *       through both programs, which close nothing).</li>
 * </ol>
 * Without steps the request is spawned as it is, at no cost; with credentials only, {@code setpriv}
 * is the one extra exec. A step that fails ends the child with 126 and a line on its stderr, which
 * is the app's log. One difference an app can see: its argv[0] is its absolute path.
 */
final class ExecTrampoline {
    static final String SHELL = "/bin/sh";
    static final String LISTEN_PID_VARIABLE = "LISTEN_PID";
    /** Exit status of a failed step, as a shell reports a command it cannot run. */
    static final int STEP_FAILED = 126;
    private static final List<String> SETPRIV_CANDIDATES = List.of("/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv",
            "/sbin/setpriv");

    private ExecTrampoline() {
    }

    /** One thing done before the app's exec. */
    sealed interface Step {
    }

    /** Move into the cgroup directory {@code cgroup} (as root, before credentials change). */
    record EnterCgroup(Path cgroup) implements Step {
    }

    /** Export {@code LISTEN_PID} = the app's own pid (systemd socket activation, issue 20). */
    record SetListenPid() implements Step {
    }

    /** Run as {@code uid}/{@code gid}; supplementary groups of the user when {@code initGroups}, else none. */
    record SetCredentials(int uid, int gid, boolean initGroups) implements Step {
    }

    /** {@code request} with {@code steps} done before its exec; the same request when there are none. */
    static SpawnRequest wrap(SpawnRequest request, List<Step> steps) {
        if (steps.isEmpty()) {
            return request;
        }
        List<String> app = new ArrayList<>(request.argv().size());
        app.add(request.executable());
        app.addAll(request.argv().subList(1, request.argv().size()));
        List<String> tail = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        List<String> shellArgs = new ArrayList<>();
        for (Step step : steps) {
            switch (step) {
                case EnterCgroup(Path cgroup) -> {
                    // The path is a positional parameter, never part of the script text.
                    script.append("echo $$ >\"$1/cgroup.procs\" || { echo \"velos: cannot enter cgroup $1\" >&2; exit ")
                            .append(STEP_FAILED).append("; }; shift; ");
                    shellArgs.add(cgroup.toString());
                }
                case SetListenPid() -> script.append("LISTEN_PID=$$; export LISTEN_PID; ");
                case SetCredentials(int uid, int gid, boolean initGroups) -> tail.addAll(List.of(setpriv(),
                        "--reuid=" + uid, "--regid=" + gid, initGroups ? "--init-groups" : "--clear-groups", "--"));
            }
        }
        tail.addAll(app);
        List<String> argv = new ArrayList<>();
        if (script.isEmpty()) {
            argv.addAll(tail);
        } else {
            argv.addAll(List.of(SHELL, "-c", script.append("exec \"$@\"").toString(), "velos-exec"));
            argv.addAll(shellArgs);
            argv.addAll(tail);
        }
        return new SpawnRequest(argv.getFirst(), argv, request.env(), request.cwd(), request.extraFds());
    }

    /** util-linux's setpriv; a clear error where it is missing (an app asked for a user). */
    static String setpriv() {
        for (String candidate : SETPRIV_CANDIDATES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new SupervisorException(ErrorCode.SPAWN_FAILED, "running an app as another user needs setpriv (util-linux), "
                + "which is not installed in " + SETPRIV_CANDIDATES);
    }
}
