// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code velos export systemd|compose|kubernetes} (issue 22): the apps of a config file, read by
 * {@link ConfigFiles} like every other command, as systemd units, a Compose file or Kubernetes
 * manifests. Every setting the target cannot express is named in the output as a comment and in
 * {@link ExportedFiles#notes()}, never dropped silently.
 */
public final class ConfigExport {
    private ConfigExport() {
    }

    /**
     * Renders {@code loaded} for {@code target}. {@code path} is the PATH on which a bare
     * interpreter name ({@code python3}) is found, since systemd wants absolute programs.
     */
    public static ExportedFiles export(ExportTarget target, AppConfigFile.Loaded loaded, String path) {
        ExportedApp.ProgramLookup which = ExportedApp.ProgramLookup.onPath(path);
        List<ExportedApp> apps = loaded.apps().stream().map(a -> ExportedApp.of(a, which)).toList();
        String stack = stackName(loaded.file());
        String source = loaded.file().getFileName() == null ? loaded.file().toString() : loaded.file().getFileName().toString();
        return switch (target) {
            case SYSTEMD -> SystemdUnits.render(stack, source, apps);
            case COMPOSE -> ComposeFile.render(stack, source, apps);
            case KUBERNETES -> KubernetesManifests.render(stack, source, apps);
        };
    }

    /**
     * The stack's name in unit and resource names: the config file's directory ({@code stack} for
     * {@code examples/stack/velos.toml}), in the letters all three targets accept.
     */
    static String stackName(Path file) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        String name = dir == null || dir.getFileName() == null ? "" : dir.getFileName().toString();
        name = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        return name.isEmpty() ? "velos" : name;
    }
}
