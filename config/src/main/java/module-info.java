// SPDX-License-Identifier: Apache-2.0
/**
 * The config engine (DESIGN §2): a velos TOML, PM2 ecosystem, supervisord or process-compose file read
 * into validated {@link dev.velos.config.AppConfig}s of model values ({@link dev.velos.config.ConfigFiles}),
 * every problem reported with its file and line; the apply plan; {@code velos import}'s renderer.
 */
module dev.velos.config {
    requires transitive dev.velos.model;
    // TEMPORARY (issue 17): DESIGN §2 lets config depend on model only. The apply executor (ConfigApply)
    // and the AppConfig -> start request mapping (StartArgsOf) still speak ipc's types (VelosClient,
    // ProcessView, StartArgs); see ConfigApply for what moving them needs.
    requires dev.velos.ipc;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;
    requires com.fasterxml.jackson.dataformat.yaml;

    exports dev.velos.config;
}
