// SPDX-License-Identifier: Apache-2.0
/** End-to-end tests that drive real velos processes; the suite lives under src/test. */
module dev.velos.testing {
    requires dev.velos.supervisor;
    requires dev.velos.sys;
    requires java.compiler;
}
