// SPDX-License-Identifier: Apache-2.0
package dev.velos.mcp;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import dev.velos.ipc.HttpAccess;

/**
 * A request body of unknown length (chunked), read here up to {@link HttpAccess#MAX_BODY_BYTES}
 * before the MCP transport sees it. The SDK reads a whole body into memory, and a body that
 * fails half-way makes it answer 500 with a stack trace; reading it first, bounded, lets the
 * guard answer 413 cleanly and costs nothing more, since a JSON-RPC message is read whole anyway.
 */
final class BoundedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    private BoundedBody(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    /** The request with its streamed body held, or empty when the body is over the limit. */
    static Optional<HttpServletRequest> read(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(HttpAccess.MAX_BODY_BYTES + 1);
        return body.length > HttpAccess.MAX_BODY_BYTES ? Optional.empty() : Optional.of(new BoundedBody(request, body));
    }

    /** Only a body without a declared length needs this: a declared one was checked against the limit already. */
    static boolean isStreamed(HttpServletRequest request) {
        return request.getContentLengthLong() < 0 && request.getHeader("Transfer-Encoding") != null;
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                try {
                    listener.onDataAvailable();
                    listener.onAllDataRead();
                } catch (IOException e) {
                    listener.onError(e);
                }
            }

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding, StandardCharsets.UTF_8);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
}
