// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.RunAs;
import dev.velos.sys.SpawnRequest;
import dev.velos.sys.Users;

/**
 * An app's {@code user}/{@code group} resolved through the C library (every NSS source), checked
 * before anything is spawned: only root can change a child's credentials, and a user or group
 * that does not exist is a clear error now rather than a child that dies at once. Like systemd's
 * {@code User=}, the child also gets that user's {@code USER}, {@code LOGNAME} and {@code HOME}
 * unless the app's own env sets them. Used on the spawner thread.
 */
record Credentials(int uid, int gid, boolean knownUser, String userName, String home) {

    /** The credentials {@code spec} asks for; empty when it runs as the supervisor's user. */
    static Optional<Credentials> of(AppSpec spec) {
        RunAs runAs = spec.orchestration().runAs();
        if (!runAs.changesUser()) {
            return Optional.empty();
        }
        int self = Users.effectiveUid();
        if (self != 0) {
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + spec.name() + "': user = '" + runAs.user()
                    + "' needs the supervisor to run as root; it runs as uid " + self);
        }
        Optional<Users.User> user = isNumber(runAs.user()) ? Users.byUid(Integer.parseInt(runAs.user()))
                : Users.byName(runAs.user());
        if (user.isEmpty() && !isNumber(runAs.user())) {
            throw new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + spec.name() + "': no such user '"
                    + runAs.user() + "'");
        }
        int uid = user.map(Users.User::uid).orElseGet(() -> Integer.parseInt(runAs.user()));
        int gid = user.map(Users.User::gid).orElse(uid);
        if (!runAs.group().isEmpty()) {
            gid = isNumber(runAs.group()) ? Integer.parseInt(runAs.group()) : Users.groupId(runAs.group()).orElseThrow(
                    () -> new SupervisorException(ErrorCode.SPAWN_FAILED, "process '" + spec.name() + "': no such group '"
                            + runAs.group() + "'"));
        }
        return Optional.of(new Credentials(uid, gid, user.isPresent(), user.map(Users.User::name).orElse(runAs.user()),
                user.map(Users.User::home).orElse("/")));
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() <= 10 && s.chars().allMatch(Character::isDigit);
    }

    /** The trampoline step that drops to these credentials. */
    ExecTrampoline.Step step() {
        return new ExecTrampoline.SetCredentials(uid, gid, knownUser);
    }

    /** {@code request} with USER, LOGNAME and HOME of this user, except those the app's env sets itself. */
    SpawnRequest withUserEnvironment(SpawnRequest request, Map<String, String> appEnv) {
        Map<String, String> identity = Map.of("USER", userName, "LOGNAME", userName, "HOME", home);
        List<String> env = new ArrayList<>(request.env().size() + 3);
        for (String entry : request.env()) {
            String key = entry.substring(0, Math.max(0, entry.indexOf('=')));
            if (!identity.containsKey(key) || appEnv.containsKey(key)) {
                env.add(entry);
            }
        }
        identity.forEach((key, value) -> {
            if (!appEnv.containsKey(key)) {
                env.add(key + "=" + value);
            }
        });
        return new SpawnRequest(request.executable(), request.argv(), env, request.cwd(), request.extraFds());
    }
}
