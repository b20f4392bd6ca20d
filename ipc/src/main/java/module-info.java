// SPDX-License-Identifier: Apache-2.0
/**
 * The daemon's wire protocol: 7-byte frames ({@code 0x56 0x10}, version, u32 LE length) carrying
 * MessagePack bodies encoded and decoded field by field with msgpack-core (no object mapper: see
 * {@link dev.velos.ipc.WireCodec}), the Unix-socket server (one virtual thread per connection, peer
 * checked with SO_PEERCRED) and {@link dev.velos.ipc.VelosClient}, the typed client every surface uses.
 */
module dev.velos.ipc {
    requires transitive dev.velos.model;
    requires msgpack.core;
    requires jdk.net;

    exports dev.velos.ipc;
}
