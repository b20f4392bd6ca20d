// SPDX-License-Identifier: Apache-2.0
/**
 * The config engine (DESIGN §2): a velos TOML, PM2 ecosystem, supervisord or process-compose file read
 * into validated {@link dev.velos.config.AppConfig}s of model values ({@link dev.velos.config.ConfigFiles}),
 * every problem reported with its file and line; the apply plan; {@code velos import}'s renderer.
 */
module dev.velos.config {
    requires transitive dev.velos.model;
    // TEMPORARY (issue 17): DESIGN §2 lets config depend on model only. Two checks still live elsewhere
    // and are used here so that a bad value gets its file and line, exactly as the daemon would refuse it:
    // - dev.velos.ipc.OrchestrationSettings parses the issue 19 keys (depends_on, readiness, hooks, ...);
    //   it depends on model only and belongs there (the daemon and config both read those keys);
    // - dev.velos.logs.LogPolicy holds the bounds of log_max_size and log_retain_count; the bounds
    //   belong in model (e.g. a LogLimits beside ByteSize) so that logs and config share them.
    // Once both have moved, these two lines go and config needs nothing but model.
    requires dev.velos.ipc;
    requires dev.velos.logs;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;
    requires com.fasterxml.jackson.dataformat.yaml;

    exports dev.velos.config;
}
