// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The named, scoped tokens of a runtime directory (issue 23): stored hashed, found, listed, revoked. */
class TokenStoreTest {
    @TempDir
    Path home;

    @Test
    void aCreatedTokenIsFoundByItsSecretWhichIsStoredOnlyAsADigest() throws Exception {
        TokenStore store = TokenStore.in(home);
        IssuedToken issued = store.create("ci", Scope.READ, List.of("api", "worker"));
        assertThat(issued.secret()).startsWith("velos_").hasSize("velos_".length() + 64);
        assertThat(issued.toString()).doesNotContain(issued.secret());

        TokenInfo found = store.find(issued.secret()).orElseThrow();
        assertThat(found.id()).isEqualTo("ci");
        assertThat(found.scope()).isEqualTo(Scope.READ);
        assertThat(found.apps()).containsExactly("api", "worker");
        assertThat(found.grant()).isEqualTo(new Grant("token:ci", Scope.READ, List.of("api", "worker")));
        assertThat(store.find(issued.secret() + "x")).isEmpty();
        assertThat(store.find("")).isEmpty();

        Path file = home.resolve(TokenStore.FILE_NAME);
        String text = Files.readString(file);
        assertThat(text).doesNotContain(issued.secret()).contains("\"sha256\"", "\"scope\":\"read\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void listShowsEveryTokenWithoutSecretsAndRevokeTakesEffectForAnotherInstanceAtOnce() {
        TokenStore cli = TokenStore.in(home);
        IssuedToken a = cli.create("a", Scope.ADMIN, List.of());
        IssuedToken b = cli.create(Scope.OPERATE, List.of());
        TokenStore server = TokenStore.in(home); // another process's view: it reads the file
        assertThat(server.find(a.secret())).isPresent();
        assertThat(server.find(b.secret()).orElseThrow().id()).matches("tok-[0-9a-f]{8}");
        assertThat(cli.list()).extracting(TokenInfo::id).containsExactly("a", b.token().id());

        assertThat(cli.revoke("a").id()).isEqualTo("a");
        assertThat(server.find(a.secret())).as("re-read on change").isEmpty();
        assertThat(server.exists("a")).isFalse();
        assertThat(server.find(b.secret())).isPresent();
        assertThatThrownBy(() -> cli.revoke("a")).isInstanceOf(VelosException.class)
                .satisfies(e -> assertThat(((VelosException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void badNamesDuplicatesAndInstanceAppsAreRefused() {
        TokenStore store = TokenStore.in(home);
        store.create("ci", Scope.READ, List.of());
        assertThatThrownBy(() -> store.create("ci", Scope.READ, List.of())).hasMessageContaining("exists already");
        assertThatThrownBy(() -> store.create("a b", Scope.READ, List.of())).hasMessageContaining("invalid token name");
        assertThatThrownBy(() -> store.create("api.token", Scope.READ, List.of())).hasMessageContaining("server's own token");
        assertThatThrownBy(() -> store.create("x", Scope.READ, List.of("api:1"))).hasMessageContaining("not instances");
        assertThatThrownBy(() -> store.create("y", Scope.READ, List.of("../etc"))).hasMessageContaining("invalid process name");
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void aStoreOthersCanReadOrADamagedOneAcceptsNoTokenAndSaysSoOnWrite() throws Exception {
        TokenStore store = TokenStore.in(home);
        IssuedToken t = store.create("ci", Scope.READ, List.of());
        Path file = home.resolve(TokenStore.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(TokenStore.in(home).find(t.secret())).as("a leaked store is not trusted").isEmpty();
        assertThatThrownBy(store::list).hasMessageContaining("readable by other users");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, "{\"tokens\": [ {\"id\": ");
        assertThat(TokenStore.in(home).find(t.secret())).isEmpty();
        assertThatThrownBy(() -> store.create("x", Scope.READ, List.of())).hasMessageContaining("is damaged")
                .hasMessageContaining("move it aside");
    }

    @Test
    void theFileIsJsonAPersonCanRead() throws Exception {
        TokenStore.in(home).create("ci", Scope.OPERATE, List.of("api"));
        Map<String, Object> doc = JsonText.parseObject(Files.readString(home.resolve(TokenStore.FILE_NAME)));
        @SuppressWarnings("unchecked")
        Map<String, Object> token = (Map<String, Object>) ((List<?>) doc.get("tokens")).getFirst();
        assertThat(token).containsOnlyKeys("id", "scope", "apps", "created", "sha256");
        assertThat(token.get("created").toString()).endsWith("Z");
    }
}
