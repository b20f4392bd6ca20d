// SPDX-License-Identifier: Apache-2.0
/**
 * The daemon's wire protocol: 7-byte frames ({@code 0x56 0x10}, version, u32 LE length) carrying
 * MessagePack bodies, the Unix-socket server (one virtual thread per connection, peer checked
 * with SO_PEERCRED) and {@link dev.velos.ipc.VelosClient}, the typed client every surface uses.
 */
module dev.velos.ipc {
    requires transitive dev.velos.model;
    requires transitive com.fasterxml.jackson.databind;
    requires jackson.dataformat.msgpack;
    requires jdk.net;

    exports dev.velos.ipc;

    opens dev.velos.ipc to com.fasterxml.jackson.databind;
}
