// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

/** The velos version every surface reports. */
public final class VelosVersion {
    public static final String CURRENT = "0.1.0";

    private VelosVersion() {
    }
}
