// SPDX-License-Identifier: Apache-2.0
/** Smart log engine and log file store. Filled by the smart-logs issue; empty until then. */
module dev.velos.logs {
    requires dev.velos.model;
}
