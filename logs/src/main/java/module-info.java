// SPDX-License-Identifier: Apache-2.0
/** Log files and in-memory rings of recent lines (the smart log engine joins them in a later issue). */
module dev.velos.logs {
    requires transitive dev.velos.model;

    exports dev.velos.logs;
}
