// SPDX-License-Identifier: Apache-2.0
/**
 * The config engine (DESIGN §2): a velos TOML, PM2 ecosystem, supervisord or process-compose file read
 * into validated {@link dev.velos.model.AppConfig}s of model values ({@link dev.velos.config.ConfigFiles}),
 * every problem reported with its file and line; the apply plan; {@code velos import}'s renderer.
 */
module dev.velos.config {
    requires transitive dev.velos.model;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;
    requires com.fasterxml.jackson.dataformat.yaml;

    exports dev.velos.config;
}
