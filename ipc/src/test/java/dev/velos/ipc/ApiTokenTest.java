// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token file: made once, private from the first moment, refused when others could read it. */
class ApiTokenTest {
    @TempDir
    Path dir;

    @Test
    void theFirstUseMakesAPrivateRandomTokenThatLaterUsesRead() throws Exception {
        Path home = dir.resolve("velos-home");
        ApiToken made = ApiToken.ofHome(home);
        Path file = home.resolve(ApiToken.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        assertThat(made.value()).matches("[0-9a-f]{64}");
        assertThat(Files.readString(file)).isEqualTo(made.value() + "\n");
        assertThat(ApiToken.ofHome(home).value()).isEqualTo(made.value());
        assertThat(ApiToken.ofHome(dir.resolve("other")).value()).isNotEqualTo(made.value());
        assertThat(made.origin()).isEqualTo("the file " + file);
        assertThat(made.file()).contains(file);
        assertThat(made.toString()).doesNotContain(made.value());
        try (var left = Files.list(home)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(ApiToken.FILE_NAME);
        }
    }

    @Test
    void serversStartingTogetherAgreeOnOneToken() throws Exception {
        Path home = dir.resolve("race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                tokens.add(pool.submit(() -> ApiToken.ofHome(home).value()));
            }
            Set<String> distinct = tokens.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).collect(Collectors.toSet());
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTokenFileOthersCanReadIsRefused() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ApiToken.fromFile(file)).isInstanceOf(VelosException.class)
                .hasMessageContaining("readable by other users (mode rw-r--r--)").hasMessageContaining("chmod 600 " + file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> ApiToken.fromFile(file)).hasMessageContaining("readable by other users");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(ApiToken.fromFile(file).value()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThatThrownBy(() -> ApiToken.fromFile(dir.resolve("missing"))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ApiToken.fromFile(dir)).hasMessageContaining("not a small text file");
    }

    @Test
    void aTokenFileOfAnotherUserIsRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0),
                "only root can give a file away");
        Path file = dir.resolve("theirs");
        Files.writeString(file, "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setAttribute(file, "unix:uid", 65534);
        assertThatThrownBy(() -> ApiToken.fromFile(file)).hasMessageContaining("belongs to uid 65534, not to you (uid 0)");
    }

    @Test
    void shortOrUnprintableTokensAreRefused() {
        VelosException shortOne = (VelosException) catchThrowable(() -> ApiToken.of("tok-123", "--token"));
        assertThat(shortOne.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(shortOne.getMessage()).contains("the token from --token is too short").contains("at least 16");
        assertThatThrownBy(() -> ApiToken.of("0123456789abcde", "--token")).hasMessageContaining("too short");
        assertThatThrownBy(() -> ApiToken.of("0123456789 abcdef", "--token")).hasMessageContaining("visible ASCII");
        assertThatThrownBy(() -> ApiToken.of("0123456789abcdéf", "--token")).hasMessageContaining("visible ASCII");
        assertThat(ApiToken.of(" 0123456789abcdef\n", "--token").value()).isEqualTo("0123456789abcdef");
    }

    @Test
    void aChosenTokenComesFromTheFileThenTheArgumentThenTheEnvironment() throws Exception {
        Path file = dir.resolve("t");
        Files.writeString(file, "file-token-0123456789");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(ApiToken.chosen(Optional.of(file), Optional.empty(), Optional.of("env-token-0123456789"), "VELOS_API_TOKEN")
                .orElseThrow().value()).isEqualTo("file-token-0123456789");
        ApiToken argument = ApiToken.chosen(Optional.empty(), Optional.of("arg-token-0123456789"),
                Optional.of("env-token-0123456789"), "VELOS_API_TOKEN").orElseThrow();
        assertThat(argument.value()).isEqualTo("arg-token-0123456789");
        assertThat(argument.origin()).isEqualTo("--token");
        ApiToken env = ApiToken.chosen(Optional.empty(), Optional.empty(), Optional.of("env-token-0123456789"),
                "VELOS_MCP_TOKEN").orElseThrow();
        assertThat(env.origin()).isEqualTo("$VELOS_MCP_TOKEN");
        assertThat(ApiToken.chosen(Optional.empty(), Optional.of(" "), Optional.of(""), "VELOS_API_TOKEN")).isEmpty();
        assertThatThrownBy(() -> ApiToken.chosen(Optional.of(file), Optional.of("arg-token-0123456789"), Optional.empty(),
                "VELOS_API_TOKEN")).hasMessageContaining("not both");
    }

    @Test
    void onlyTheExactTokenMatches() {
        ApiToken t = ApiToken.of("s3cret-0123456789abcdef", "test");
        assertThat(t.matches("s3cret-0123456789abcdef")).isTrue();
        for (String other : List.of("s3cret-0123456789abcdef ", "s3cret-0123456789abcde", "", "S3CRET-0123456789ABCDEF")) {
            assertThat(t.matches(other)).as(other).isFalse();
        }
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected an exception");
    }
}
