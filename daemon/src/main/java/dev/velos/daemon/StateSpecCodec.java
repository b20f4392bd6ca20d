// SPDX-License-Identifier: Apache-2.0
package dev.velos.daemon;

import dev.velos.ipc.ProcessCodecs;
import dev.velos.ipc.WireReader;
import dev.velos.ipc.WireWriter;
import dev.velos.model.AppSpec;
import dev.velos.supervisor.HandoverCodec;

/**
 * The specs in a hand-over manifest, in the form state.bin keeps them: the start arguments that
 * recreate each spec ({@link Views#args}), MessagePack. One wire form for an app wherever it is
 * stored or passed, so a successor reads its predecessor's apps as a restore reads state.bin.
 */
final class StateSpecCodec implements HandoverCodec.SpecCodec {
    static final StateSpecCodec INSTANCE = new StateSpecCodec();

    private StateSpecCodec() {
    }

    @Override
    public byte[] encode(AppSpec spec) {
        WireWriter out = new WireWriter();
        ProcessCodecs.START_ARGS.write(out, Views.args(spec));
        return out.toBytes();
    }

    @Override
    public AppSpec decode(byte[] bytes) {
        return Views.spec(WireReader.checked(bytes).read(ProcessCodecs.START_ARGS));
    }
}
