// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * A trivial handler for server tests: {@code ping}, {@code echo} (returns its args),
 * {@code missing} (NOT_FOUND), {@code boom} (a RuntimeException), {@code hang} (blocks until
 * {@link #release()}), {@code big} (a string of {@code size} characters).
 */
final class TestHandler implements RequestHandler {
    static final String MISSING_MESSAGE = "no process named ";

    private final CountDownLatch hang = new CountDownLatch(1);

    @Override
    public Object handle(String cmd, Payload args) {
        return switch (cmd) {
            case Commands.PING -> new WireTypes.Pong("test", ProcessHandle.current().pid(), 1);
            case "echo" -> args;
            case "missing" -> throw new VelosException(ErrorCode.NOT_FOUND, MISSING_MESSAGE + Plain.get(args, "target"));
            case "boom" -> throw new IllegalStateException("kaboom");
            case "hang" -> {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield Map.of("released", true);
            }
            case "big" -> "x".repeat(((Long) Plain.get(args, "size")).intValue());
            default -> throw new VelosException(ErrorCode.INVALID_ARGUMENT, "unknown command " + cmd);
        };
    }

    void release() {
        hang.countDown();
    }
}
