// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An app's hooks. Each runs at most once per event, off the supervisor's loop, and is killed (a
 * command) or abandoned (a webhook) after {@code timeout}; a failure is logged, never retried.
 *
 * @param onCrash   {@code on_crash}
 * @param onErrored {@code on_errored}
 * @param onRestart {@code on_restart}
 * @param onReady   {@code on_ready}
 * @param webhook   {@code webhook}: a URL that receives every one of the four events (or {@link Hook#NONE})
 * @param timeout   how long one hook may take
 */
public record Hooks(Hook onCrash, Hook onErrored, Hook onRestart, Hook onReady, Hook webhook, Duration timeout) {
    public static final Hooks NONE = new Hooks(Hook.NONE, Hook.NONE, Hook.NONE, Hook.NONE, Hook.NONE, Duration.ofSeconds(10));

    public Hooks {
        Objects.requireNonNull(onCrash, "onCrash");
        Objects.requireNonNull(onErrored, "onErrored");
        Objects.requireNonNull(onRestart, "onRestart");
        Objects.requireNonNull(onReady, "onReady");
        Objects.requireNonNull(webhook, "webhook");
        Checks.require(!(webhook instanceof Hook.Command), "webhook must be a URL, not a command");
        Checks.require(timeout.toMillis() >= 1, "hook timeout must be positive");
    }

    /** The hooks to run at {@code event}: its own, then the webhook. */
    public List<Hook> at(HookEvent event) {
        Hook own = switch (event) {
            case CRASH -> onCrash;
            case ERRORED -> onErrored;
            case RESTART -> onRestart;
            case READY -> onReady;
        };
        List<Hook> hooks = new ArrayList<>(2);
        if (!(own instanceof Hook.None)) {
            hooks.add(own);
        }
        if (!(webhook instanceof Hook.None)) {
            hooks.add(webhook);
        }
        return hooks;
    }

    public boolean any() {
        return this != NONE && !(onCrash instanceof Hook.None && onErrored instanceof Hook.None
                && onRestart instanceof Hook.None && onReady instanceof Hook.None && webhook instanceof Hook.None);
    }

    public Hooks with(HookEvent event, Hook hook) {
        return new Hooks(event == HookEvent.CRASH ? hook : onCrash, event == HookEvent.ERRORED ? hook : onErrored,
                event == HookEvent.RESTART ? hook : onRestart, event == HookEvent.READY ? hook : onReady, webhook, timeout);
    }

    public Hooks withWebhook(Hook value) {
        return new Hooks(onCrash, onErrored, onRestart, onReady, value, timeout);
    }

    public Hooks withTimeout(Duration value) {
        return new Hooks(onCrash, onErrored, onRestart, onReady, webhook, value);
    }
}
