// SPDX-License-Identifier: Apache-2.0
/**
 * The config engine (DESIGN §2): a velos TOML, PM2 ecosystem, supervisord or process-compose file read
 * into validated {@link dev.velos.config.AppConfig}s of model values ({@link dev.velos.config.ConfigFiles}),
 * every problem reported with its file and line; the apply plan; {@code velos import}'s renderer.
 */
module dev.velos.config {
    requires transitive dev.velos.model;
    // TEMPORARY (issue 17): DESIGN §2 lets config depend on model only. Two classes still need ipc:
    // StartArgsOf maps config's AppConfig to ipc's StartArgs (so it can live only where both are seen),
    // and ConfigApply sends those over VelosClient and compares the daemon's ProcessViews. A port in
    // model would have to speak a start request and a process view in model types: either StartArgs
    // and ProcessView move to model (ipc keeps their codecs), or model grows copies of both. Until
    // one of those is done, this line stays; nothing else in config uses ipc.
    requires dev.velos.ipc;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;
    requires com.fasterxml.jackson.dataformat.yaml;

    exports dev.velos.config;
}
