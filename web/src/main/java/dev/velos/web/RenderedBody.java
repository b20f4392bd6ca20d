// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * A response body rendered once per {@link DaemonState}: every request served from the same
 * state (one per {@link StateCache} period) gets the same bytes instead of re-rendering 100
 * processes' worth of text. Renders again as soon as the state object changes.
 */
final class RenderedBody {
    private final Function<DaemonState, byte[]> render;
    private volatile Entry last;

    private record Entry(DaemonState state, byte[] body) {
    }

    RenderedBody(Function<DaemonState, byte[]> render) {
        this.render = render;
    }

    ByteBuffer of(DaemonState state) {
        Entry e = last;
        if (e == null || e.state() != state) {
            e = new Entry(state, render.apply(state));
            last = e;
        }
        return ByteBuffer.wrap(e.body()).asReadOnlyBuffer();
    }
}
