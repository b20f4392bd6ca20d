// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

/** A valid frame whose body is larger than this side accepts; its bytes were read past, so the stream is in sync. */
public final class FrameTooLargeException extends IpcException {
    private static final long serialVersionUID = 1L;

    public FrameTooLargeException(long length, long limit) {
        super(dev.velos.model.ErrorCode.INVALID_ARGUMENT, "a request of " + length + " bytes is over the " + (limit / 1024) + " KiB limit; requests carry commands,"
                + " not bulk data (start many apps in several requests)");
    }
}
