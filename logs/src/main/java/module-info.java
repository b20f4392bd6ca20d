// SPDX-License-Identifier: Apache-2.0
/**
 * Log files, in-memory rings of recent lines, and the zero-LLM smart log engine: classifier,
 * templates, dedup, patterns with trends, anomaly detection, summaries with a health score,
 * time specifications and filters (REFERENCE §9, DESIGN §4 "Classification").
 */
module dev.velos.logs {
    requires transitive dev.velos.model;
    // RE2/J has no module descriptor; "re2j" is the automatic name derived from re2j-1.8.jar.
    // It is used only inside LogFilter, so it is not re-exported.
    requires re2j;

    exports dev.velos.logs;
}
