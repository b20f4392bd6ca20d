// SPDX-License-Identifier: Apache-2.0
/**
 * JMH benchmarks of velos hot paths. Run from the uber jar (class path), where this descriptor is
 * not used; it exists so the module compiles and is checked like every other velos module.
 * {@code dev.velos.bench.jmh_generated} is written by JMH's annotation processor.
 */
module dev.velos.bench {
    requires dev.velos.supervisor;
    requires dev.velos.logs;
    requires dev.velos.ipc;
    requires dev.velos.daemon;
    requires jmh.core;
    requires com.fasterxml.jackson.databind;
    requires jackson.dataformat.msgpack;

    exports dev.velos.bench;
    exports dev.velos.bench.jmh_generated;
}
