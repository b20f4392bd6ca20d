// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

/**
 * The bearer token of velos's HTTP servers (DESIGN §4 "Network servers"): loopback is not
 * private, so every route that reads apps' data or acts needs it. Unless one is given, it is
 * {@value #FILE_NAME} in the runtime directory, made on first use from {@value #GENERATED_BYTES}
 * {@link SecureRandom} bytes (hex), readable by its owner only: every local user reaches
 * 127.0.0.1, but only the owner reads the file, so only the owner (and root) can use the servers.
 *
 * <p>The file is written to a temporary name created {@code 0600} from the start (umask can only
 * remove bits) and published with a hard link, which fails rather than replaces: two servers
 * started at once both end up with the token of the one that linked first, and no reader ever
 * sees a half-written or world-readable file. A token file that the group or others may read,
 * or that another user owns, is refused: a leaked token is as good as no token.
 *
 * <p>Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time a
 * comparison takes says nothing about the secret, not even its length. {@link #toString()} says
 * where the token came from, never what it is.
 */
public final class ApiToken {
    /** The token file in the runtime directory. */
    public static final String FILE_NAME = "api.token";
    /** Shorter secrets are refused: 16 bytes is the floor for a guess-proof bearer token. */
    public static final int MIN_BYTES = 16;
    static final int GENERATED_BYTES = 32;
    /** A token file is a line of text; anything bigger is not one, and is not read into memory. */
    private static final long MAX_FILE_BYTES = 4096;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;
    private final byte[] digest;
    private final String origin;
    private final Optional<Path> file;

    private ApiToken(String value, String origin, Optional<Path> file) {
        this.value = value;
        this.digest = sha256(value);
        this.origin = origin;
        this.file = file;
    }

    /**
     * A token given by the user; {@code origin} says where from ("--token", "$VELOS_API_TOKEN").
     * Throws {@link VelosException} ({@link ErrorCode#INVALID_ARGUMENT}) when it is shorter than
     * {@value #MIN_BYTES} bytes or holds anything but visible ASCII (it travels in HTTP headers).
     */
    public static ApiToken of(String value, String origin) {
        return of(value, origin, Optional.empty());
    }

    private static ApiToken of(String value, String origin, Optional<Path> file) {
        String v = value.strip();
        if (v.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            throw invalid("the token from " + origin + " is too short (" + v.length() + " characters): use at least "
                    + MIN_BYTES + " random bytes, e.g. openssl rand -hex 32");
        }
        if (!v.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw invalid("the token from " + origin + " must be visible ASCII without spaces (it is sent in an HTTP "
                    + "header), e.g. openssl rand -hex 32");
        }
        return new ApiToken(v, origin, file);
    }

    /**
     * The token the user chose, in this order: {@code --token-file}, {@code --token}, then the
     * environment variable {@code envName}; empty when none was given. Giving both a file and a
     * literal token is an error: it would be unclear which one clients must send.
     */
    public static Optional<ApiToken> chosen(Optional<Path> file, Optional<String> argument, Optional<String> environment,
                                            String envName) {
        Optional<String> literal = argument.filter(s -> !s.isBlank());
        if (file.isPresent() && literal.isPresent()) {
            throw invalid("give the token either with --token-file or with --token, not both");
        }
        if (file.isPresent()) {
            return Optional.of(fromFile(file.get()));
        }
        if (literal.isPresent()) {
            return Optional.of(of(literal.get(), "--token"));
        }
        return environment.filter(s -> !s.isBlank()).map(v -> of(v, "$" + envName));
    }

    /** The token of runtime directory {@code home} ({@value #FILE_NAME}), made now if there is none yet. */
    public static ApiToken ofHome(Path home) {
        Path file = home.resolve(FILE_NAME);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            create(home, file);
        }
        return fromFile(file);
    }

    /**
     * Reads a token file: one line, owned by this process's user, readable by nobody else.
     * Throws {@link VelosException} saying what is wrong and how to fix it.
     */
    public static ApiToken fromFile(Path file) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            if (!attributes.isRegularFile() || attributes.size() > MAX_FILE_BYTES) {
                throw invalid("the token file " + file + " is not a small text file holding one token");
            }
            requirePrivate(file, attributes, "the token file", "make a new token, since the old one may have been read");
            return of(Files.readString(file, StandardCharsets.UTF_8), "the file " + file, Optional.of(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw invalid("the token file " + file + " does not exist");
        } catch (IOException e) {
            throw new VelosException(ErrorCode.SYSTEM, "cannot read the token file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a file of secrets that another user owns (they could have chosen its content) or
     * that the group or others may read (its secrets may have leaked); {@code remedy} says what
     * to do after tightening the mode. Shared by every file of secrets in the runtime directory.
     */
    static void requirePrivate(Path file, PosixFileAttributes attributes, String what, String remedy) throws IOException {
        int owner = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int self = ownUid();
        if (owner != self) {
            throw invalid(what + " " + file + " belongs to uid " + owner + ", not to you (uid " + self
                    + "): another user could have chosen it; use a file you own (chmod 600)");
        }
        Set<PosixFilePermission> loose = EnumSet.copyOf(attributes.permissions());
        loose.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        if (!loose.isEmpty()) {
            throw invalid(what + " " + file + " is readable by other users (mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + "): run chmod 600 " + file + " and "
                    + remedy);
        }
    }

    /** Whether {@code candidate} is this token, in time that does not depend on either value. */
    public boolean matches(String candidate) {
        return MessageDigest.isEqual(sha256(candidate), digest);
    }

    /** The secret itself, for a client to send; never log or print it. */
    public String value() {
        return value;
    }

    /** Where the token came from ("the file /home/ann/.velos/api.token", "--token", "$VELOS_API_TOKEN"). */
    public String origin() {
        return origin;
    }

    /** The file the token was read from, if it came from one: where clients find it too. */
    public Optional<Path> file() {
        return file;
    }

    /** Where a user finds the token, for a start-up line ("it is in /home/ann/.velos/api.token"); never the token. */
    public String whereToFind() {
        return file.map(f -> "it is in " + f).orElse("the one given with " + origin);
    }

    @Override
    public String toString() {
        return "ApiToken[from " + origin + "]";
    }

    private static void create(Path home, Path file) {
        Path temp = home.resolve(FILE_NAME + ".new-" + HexFormat.of().formatHex(randomBytes(6)));
        try {
            Files.createDirectories(home, PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
            String token = HexFormat.of().formatHex(randomBytes(GENERATED_BYTES)) + "\n";
            writeNew(temp, token.getBytes(StandardCharsets.US_ASCII));
            publish(temp, file);
        } catch (IOException e) {
            throw new VelosException(ErrorCode.SYSTEM, "cannot create the token file " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // A stray temporary file (0600, ours) is harmless; the token is what matters.
            }
        }
    }

    /**
     * Writes {@code content} to the new file {@code temp}, {@code 0600} from its creation (umask can
     * only remove bits, so no reader ever sees it looser) and flushed to disk, ready to be published
     * under its real name. Shared by every file of secrets in the runtime directory.
     */
    static void writeNew(Path temp, byte[] content) throws IOException {
        try (FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
    }

    /** Makes {@code temp} visible as {@code file} unless {@code file} appeared meanwhile (then that one wins). */
    private static void publish(Path temp, Path file) throws IOException {
        try {
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException e) {
            // Another server of this runtime directory made the token first; everyone uses that one.
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            // A file system without hard links: a rename that refuses to replace is the next best thing.
            try {
                Files.move(temp, file);
            } catch (FileAlreadyExistsException raced) {
                // As above: the first one stays.
            }
        }
    }

    /** The effective uid: the owner of {@code /proc/self}, which is this process. */
    static int ownUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new VelosException(ErrorCode.SYSTEM, "cannot read this process's uid from /proc/self: " + e.getMessage(), e);
        }
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static VelosException invalid(String message) {
        return new VelosException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
