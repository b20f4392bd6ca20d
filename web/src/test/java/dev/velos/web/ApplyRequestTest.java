// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.config.ConfigApply;
import dev.velos.config.ConfigFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ApplyRequestTest {
    @TempDir
    Path dir;

    @Test
    void aPathIsReadRelativeToTheBaseDirectory() throws Exception {
        Files.writeString(dir.resolve("velos.toml"), "[apps.a]\nscript = \"a.sh\"\n");
        ApplyRequest r = ApplyRequest.parse("{\"path\": \"velos.toml\", \"env\": \"prod\", \"prune\": true}", dir);
        assertThat(r.source().file()).isEqualTo(dir.resolve("velos.toml"));
        assertThat(r.source().text()).contains("[apps.a]");
        assertThat(r.profile()).contains("prod");
        assertThat(r.only()).isEmpty();
        assertThat(r.options().prune()).isTrue();
        assertThat(r.options().dryRun()).isFalse();
        assertThat(r.options().mode()).isEqualTo(ConfigApply.Mode.RESTART);
        assertThat(r.options().clientEnv()).isEmpty();
    }

    @Test
    void contentComesWithItsFormat() {
        ApplyRequest r = ApplyRequest.parse("{\"content\": \"processes: {}\", \"format\": \"process-compose\","
                + " \"dry_run\": true, \"reload\": true, \"only\": [\"a\"]}", dir);
        assertThat(r.only()).containsExactly("a");
        assertThat(r.format()).isEqualTo(Optional.of(ConfigFormat.PROCESS_COMPOSE));
        assertThat(r.source().file()).isEqualTo(dir.resolve("process-compose.yaml"));
        assertThat(r.options().dryRun()).isTrue();
        assertThat(r.options().mode()).isEqualTo(ConfigApply.Mode.RELOAD);
    }

    @Test
    void everyMistakeIsAFieldProblem() {
        ApiError e = catchThrowableOfType(ApiError.class, () -> ApplyRequest.parse(
                "{\"content\": \"x\", \"format\": \"ansible\", \"prune\": \"yes\", \"bogus\": 1}", dir));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.fields()).extracting(ApiError.FieldProblem::field).contains("format", "prune", "bogus");
        ApiError both = catchThrowableOfType(ApiError.class, () -> ApplyRequest.parse(
                "{\"content\": \"x\", \"format\": \"toml\", \"path\": \"velos.toml\"}", dir));
        assertThat(both.fields()).extracting(ApiError.FieldProblem::field).contains("content");
        ApiError pruneSome = catchThrowableOfType(ApiError.class, () -> ApplyRequest.parse(
                "{\"path\": \"velos.toml\", \"only\": [\"a\"], \"prune\": true}", dir));
        assertThat(pruneSome.fields()).extracting(ApiError.FieldProblem::field).containsExactly("prune");
        ApiError missing = catchThrowableOfType(ApiError.class, () -> ApplyRequest.parse("{\"path\": \"nope.toml\"}", dir));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.getMessage()).contains("config file not found");
    }
}
