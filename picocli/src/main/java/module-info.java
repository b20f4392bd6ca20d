// SPDX-License-Identifier: Apache-2.0
/**
 * picocli 4.7.7, compiled unmodified from its published sources jar with {@code --release 25}
 * (see this module's pom.xml). The descriptor is the one the published jar carries
 * ({@code META-INF/versions/9/module-info.class}), so {@code requires info.picocli} resolves to it.
 */
module info.picocli {
    requires static java.sql;

    exports picocli;
}
