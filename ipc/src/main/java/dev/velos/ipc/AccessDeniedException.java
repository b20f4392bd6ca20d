// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * A request its caller's {@link Grant} does not cover: an operation beyond its scope, or an app
 * outside its apps. The message names what is needed; HTTP answers it with 403, MCP with a tool
 * error. Its code is INVALID_ARGUMENT because the model's codes have no "forbidden": the request
 * is wrong for this caller, and the type says why.
 */
public final class AccessDeniedException extends VelosException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(ErrorCode.INVALID_ARGUMENT, message);
    }
}
