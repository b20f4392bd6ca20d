// SPDX-License-Identifier: Apache-2.0
/**
 * The velos command line: thin picocli commands over {@link dev.velos.ipc.VelosClient}, the
 * output formats (table, info, logs, JSON), and {@code velos daemon}. The application jar built
 * from this module runs on the class path; this descriptor keeps the dependency rules of
 * DESIGN.md §2 checked at compile time.
 */
module dev.velos.cli {
    requires dev.velos.model;
    requires dev.velos.ipc;
    requires dev.velos.logs;
    requires dev.velos.config;
    requires dev.velos.daemon;
    requires dev.velos.mcp;
    requires dev.velos.web;
    requires info.picocli;
    requires com.fasterxml.jackson.core;
    requires org.jline.terminal;

    // picocli injects options into the command classes and reads the help bundle reflectively.
    opens dev.velos.cli to info.picocli;
}
