// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

/**
 * A {@link RequestHandler} result that succeeded with something the user should hear about all
 * the same — the command did what it was asked, but e.g. the saved process list could not be
 * written. It travels as the answer's {@code warning} next to {@code result}; {@link VelosClient}
 * hands it to its warning handler (stderr by default).
 */
public record Warned(Object result, String warning) {
}
