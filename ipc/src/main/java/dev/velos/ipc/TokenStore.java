// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.velos.model.AppNames;
import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * The named, scoped tokens of a runtime directory (issue 23): {@value #FILE_NAME}, {@code 0600},
 * holding for each token its id, {@link Scope}, apps, creation time and the SHA-256 of its
 * secret, never the secret. A secret is {@value #SECRET_PREFIX} and {@value #SECRET_BYTES}
 * random bytes in hex; a digest is enough to store it, since 256 random bits cannot be guessed
 * from their hash (a slow password hash guards guessable secrets, which these are not).
 *
 * <p>Writers (the CLI's {@code velos token create|revoke}) take {@code tokens.lock}, read, and
 * replace the file atomically (temp file, fsync, rename). Servers check on every request whether
 * the file changed (one {@code stat}: its inode, size and mtime) and read it again if so, so a
 * revoked token is refused from the next request on, with nothing to restart. A store the
 * servers cannot read (corrupt, or readable by others) accepts no named token until it is fixed,
 * and says so in their log; the server's own {@code api.token} keeps working.
 */
public final class TokenStore {
    public static final String FILE_NAME = "tokens.json";
    public static final String SECRET_PREFIX = "velos_";
    static final int SECRET_BYTES = 32;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final System.Logger LOG = System.getLogger(TokenStore.class.getName());

    private final Path home;
    private final Path file;
    private volatile Snapshot snapshot = Snapshot.NONE;

    /** The tokens as last read, and what the file looked like then. */
    private record Snapshot(Object fileKey, long modifiedNanos, long size, List<Stored> tokens) {
        static final Snapshot NONE = new Snapshot("none", -1, -1, List.of());

        boolean describes(PosixFileAttributes a) {
            return Objects.equals(fileKey, a.fileKey()) && modifiedNanos == a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)
                    && size == a.size();
        }
    }

    private record Stored(TokenInfo info, byte[] digest) {
    }

    private TokenStore(Path home) {
        this.home = home;
        this.file = home.resolve(FILE_NAME);
    }

    /** The store of runtime directory {@code home} (the file need not exist yet). */
    public static TokenStore in(Path home) {
        return new TokenStore(home);
    }

    public Path file() {
        return file;
    }

    /** Makes a token with a generated id ({@code tok-} and 8 hex digits). */
    public IssuedToken create(Scope scope, List<String> apps) {
        return create("tok-" + HexFormat.of().formatHex(ApiToken.randomBytes(4)), scope, apps);
    }

    /**
     * Makes a token named {@code id} (letters, digits, {@code . _ -}); returns it with its secret,
     * which is shown to nobody else, ever. Throws {@link VelosException}: INVALID_ARGUMENT for a
     * bad id or app name, ALREADY_EXISTS for an id in use.
     */
    public IssuedToken create(String id, Scope scope, List<String> apps) {
        if (!ID.matcher(id).matches()) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "invalid token name '" + id
                    + "': use 1-64 letters, digits, '.', '_' or '-'");
        }
        if (id.equals(ApiToken.FILE_NAME)) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "'" + id + "' names the server's own token; choose "
                    + "another name");
        }
        apps.forEach(AppNames::requireValid);
        apps.forEach(a -> {
            if (!AppNames.baseOf(a).equals(a)) {
                throw new VelosException(ErrorCode.INVALID_ARGUMENT, "--apps takes app names, not instances: use '"
                        + AppNames.baseOf(a) + "' (it covers all its instances)");
            }
        });
        try (FileLock lock = FileLock.take(lockFile())) {
            List<Stored> tokens = new ArrayList<>(readStrict());
            if (tokens.stream().anyMatch(t -> t.info().id().equals(id))) {
                throw new VelosException(ErrorCode.ALREADY_EXISTS, "a token named '" + id + "' exists already; "
                        + "revoke it first or choose another name");
            }
            String secret = SECRET_PREFIX + HexFormat.of().formatHex(ApiToken.randomBytes(SECRET_BYTES));
            TokenInfo info = new TokenInfo(id, scope, List.copyOf(new java.util.LinkedHashSet<>(apps)),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS));
            tokens.add(new Stored(info, ApiToken.sha256(secret)));
            write(tokens);
            return new IssuedToken(info, secret);
        }
    }

    /** Every token, oldest first, without secrets. */
    public List<TokenInfo> list() {
        return readStrict().stream().map(Stored::info).toList();
    }

    /** Removes token {@code id}: servers refuse it from their next request. Throws NOT_FOUND when there is none. */
    public TokenInfo revoke(String id) {
        try (FileLock lock = FileLock.take(lockFile())) {
            List<Stored> tokens = new ArrayList<>(readStrict());
            Stored found = tokens.stream().filter(t -> t.info().id().equals(id)).findFirst()
                    .orElseThrow(() -> new VelosException(ErrorCode.NOT_FOUND, "no token named '" + id
                            + "'; velos token list shows them"));
            tokens.remove(found);
            write(tokens);
            return found.info();
        }
    }

    /**
     * The token whose secret is {@code secret}, if any, as the file says now. Each stored digest
     * is compared in constant time, so timing tells nothing about any secret.
     */
    public Optional<TokenInfo> find(String secret) {
        byte[] digest = ApiToken.sha256(secret);
        TokenInfo match = null;
        for (Stored t : current().tokens()) {
            if (MessageDigest.isEqual(t.digest(), digest)) {
                match = t.info();
            }
        }
        return Optional.ofNullable(match);
    }

    /** Whether token {@code id} still exists (a long-lived session re-checks before it sends). */
    public boolean exists(String id) {
        return current().tokens().stream().anyMatch(t -> t.info().id().equals(id));
    }

    /** The lock file, in a runtime directory made {@code 0700} first if there is none yet. */
    private Path lockFile() {
        try {
            Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new VelosException(ErrorCode.SYSTEM, "cannot create the runtime directory " + home + ": " + e.getMessage(), e);
        }
        return home.resolve("tokens.lock");
    }

    /** The snapshot for the file as it is now, read again if it changed; never throws. */
    private Snapshot current() {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            snapshot = Snapshot.NONE;
            return Snapshot.NONE;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + file + ": " + e.getMessage() + "; named tokens are refused");
            return new Snapshot("unreadable", -1, -1, List.of());
        }
        Snapshot s = snapshot;
        if (s.describes(a)) {
            return s;
        }
        try {
            Snapshot read = new Snapshot(a.fileKey(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                    a.size(), parse(a));
            snapshot = read;
            return read;
        } catch (VelosException | IOException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; named tokens are refused until it is fixed");
            return new Snapshot("bad", -1, -1, List.of());
        }
    }

    private List<Stored> readStrict() {
        try {
            return parse(Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new VelosException(ErrorCode.SYSTEM, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private List<Stored> parse(PosixFileAttributes a) throws IOException {
        if (!a.isRegularFile() || a.size() > 4 << 20) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "the token store " + file + " is not a regular file "
                    + "of at most 4 MiB");
        }
        ApiToken.requirePrivate(file, a, "the token store", "revoke every token in it, since they may have been read");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            List<Stored> tokens = new ArrayList<>();
            if (!(JsonText.parseObject(text).get("tokens") instanceof List<?> list)) {
                throw new IllegalArgumentException("no \"tokens\" array");
            }
            for (Object o : list) {
                tokens.add(stored(o));
            }
            return List.copyOf(tokens);
        } catch (IllegalArgumentException | ClassCastException | java.time.format.DateTimeParseException e) {
            throw new VelosException(ErrorCode.INVALID_ARGUMENT, "the token store " + file + " is damaged (" + e.getMessage()
                    + "): move it aside and create the tokens again");
        }
    }

    private static Stored stored(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("a token is not an object");
        }
        List<String> apps = m.get("apps") instanceof List<?> l ? l.stream().map(String.class::cast).toList() : List.of();
        TokenInfo info = new TokenInfo((String) m.get("id"), Scope.parse((String) m.get("scope")), apps,
                Instant.parse((String) m.get("created")));
        byte[] digest = HexFormat.of().parseHex((String) m.get("sha256"));
        if (digest.length != 32) {
            throw new IllegalArgumentException("a digest is not 32 bytes");
        }
        return new Stored(info, digest);
    }

    private void write(List<Stored> tokens) {
        List<Object> entries = new ArrayList<>();
        for (Stored t : tokens) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", t.info().id());
            e.put("scope", t.info().scope().wireName());
            e.put("apps", t.info().apps());
            e.put("created", t.info().created().toString());
            e.put("sha256", HexFormat.of().formatHex(t.digest()));
            entries.add(e);
        }
        String text = JsonText.write(Map.of("tokens", entries)).replace("},{", "},\n{") + "\n";
        Path temp = home.resolve(FILE_NAME + ".new-" + HexFormat.of().formatHex(ApiToken.randomBytes(6)));
        try {
            ApiToken.writeNew(temp, text.getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new VelosException(ErrorCode.SYSTEM, "cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // A stray 0600 temporary file of digests is harmless.
            }
        }
    }
}
