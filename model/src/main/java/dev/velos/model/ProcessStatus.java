// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

/**
 * The status of a managed process. The numeric codes are the wire contract of the original
 * (REFERENCE §2.2) and stay stable; {@link #wireName()} is the {@code status_str} every surface
 * prints beside them.
 */
public enum ProcessStatus {
    /** Not running: stopped on request, or exited with code 0. */
    STOPPED(0, "stopped"),
    /** Alive (and, with wait-ready, declared ready or timed out). */
    RUNNING(1, "running"),
    /** Exited abnormally, crash loop detected, or a (re)start failed. */
    ERRORED(2, "errored"),
    /** Spawned with wait-ready, ready signal not yet received. */
    STARTING(3, "starting"),
    /**
     * Not started yet: waiting for its dependencies, its start delay or a start slot
     * ({@code max_parallel_starts}); the reason is in {@link ProcessInfo#orchestration()}.
     */
    WAITING(4, "waiting");

    private final int code;
    private final String wireName;

    ProcessStatus(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    public int code() {
        return code;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether a process with this status has a live child. */
    public boolean isAlive() {
        return this == RUNNING || this == STARTING;
    }

    /**
     * Stopped or errored: what starting a known app starts again ({@code velos start api}, REST
     * {@code …/start}, MCP {@code process_start} by name); a waiting app is on its way already.
     */
    public boolean isStartable() {
        return this == STOPPED || this == ERRORED;
    }

    public static ProcessStatus ofCode(int code) {
        for (ProcessStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status code " + code);
    }
}
