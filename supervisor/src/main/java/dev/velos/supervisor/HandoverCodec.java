// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.velos.model.AppSpec;
import dev.velos.model.ErrorCode;
import dev.velos.model.ExitStatus;
import dev.velos.model.ListenAddress;
import dev.velos.model.ProcessStatus;

/**
 * A {@link HandoverManifest} as bytes, for the hand-over socket. The specs are encoded by the
 * embedder's own {@link SpecCodec} (the daemon's state codec owns the spec's wire form; the
 * supervisor does not keep a second one); everything else is this module's, in a versioned,
 * length-checked binary layout. A manifest from another version is refused, never half-read.
 */
public final class HandoverCodec {
    private static final int MAGIC = 0x56484d31; // "VHM1"

    private HandoverCodec() {
    }

    /** How the embedder writes and reads an {@link AppSpec}. */
    public interface SpecCodec {
        byte[] encode(AppSpec spec);

        AppSpec decode(byte[] bytes);
    }

    public static byte[] encode(HandoverManifest manifest, SpecCodec specs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(manifest.apps().size());
            for (HandoverManifest.App app : manifest.apps()) {
                writeApp(out, app, specs);
            }
            out.writeInt(manifest.sockets().size());
            for (HandoverManifest.Socket socket : manifest.sockets()) {
                out.writeUTF(socket.app());
                out.writeUTF(socket.address().toString());
                out.writeInt(socket.fd());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static HandoverManifest decode(byte[] data, SpecCodec specs) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new SupervisorException(ErrorCode.INVALID_ARGUMENT, "not a velos hand-over manifest of this version");
            }
            int count = in.readInt();
            List<HandoverManifest.App> apps = new ArrayList<>(Math.min(count, 10_000));
            for (int i = 0; i < count; i++) {
                apps.add(readApp(in, specs));
            }
            int socketCount = in.readInt();
            List<HandoverManifest.Socket> sockets = new ArrayList<>(Math.min(socketCount, 10_000));
            for (int i = 0; i < socketCount; i++) {
                sockets.add(new HandoverManifest.Socket(in.readUTF(), ListenAddress.parse(in.readUTF()), in.readInt()));
            }
            if (in.available() != 0) {
                throw new SupervisorException(ErrorCode.INVALID_ARGUMENT, "hand-over manifest has trailing bytes");
            }
            return new HandoverManifest(apps, sockets);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SupervisorException s) {
                throw s;
            }
            throw new SupervisorException(ErrorCode.INVALID_ARGUMENT, "malformed hand-over manifest: " + e, e);
        }
    }

    private static void writeApp(DataOutputStream out, HandoverManifest.App app, SpecCodec specs) throws IOException {
        out.writeInt(app.id());
        writeBytes(out, specs.encode(app.spec()));
        out.writeInt(app.status().code());
        out.writeInt(app.restartCount());
        out.writeInt(app.consecutiveCrashes());
        out.writeLong(app.lastRestartAt().toEpochMilli());
        out.writeUTF(app.lastRestartReason());
        out.writeInt(app.lastExit().code());
        out.writeInt(app.lastExit().signal());
        out.writeLong(app.restartDueMillis());
        out.writeBoolean(app.startPending());
        out.writeBoolean(app.child().isPresent());
        if (app.child().isPresent()) {
            HandoverManifest.Child c = app.child().get();
            out.writeInt(c.pid());
            out.writeLong(c.startTicks());
            out.writeLong(c.startedAt().toEpochMilli());
            for (int fd : new int[] {c.pidfd(), c.stdout(), c.stderr(), c.channel(), c.nodeChannel(), c.notifySocket()}) {
                out.writeInt(fd);
            }
            writeBytes(out, c.stdoutPartial());
            writeBytes(out, c.stderrPartial());
            out.writeUTF(c.notifyPath());
        }
    }

    private static HandoverManifest.App readApp(DataInputStream in, SpecCodec specs) throws IOException {
        int id = in.readInt();
        AppSpec spec = specs.decode(readBytes(in));
        ProcessStatus status = ProcessStatus.ofCode(in.readInt());
        int restarts = in.readInt();
        int crashes = in.readInt();
        Instant lastRestartAt = Instant.ofEpochMilli(in.readLong());
        String reason = in.readUTF();
        ExitStatus lastExit = new ExitStatus(in.readInt(), in.readInt());
        long restartDue = in.readLong();
        boolean startPending = in.readBoolean();
        Optional<HandoverManifest.Child> child = Optional.empty();
        if (in.readBoolean()) {
            int pid = in.readInt();
            long startTicks = in.readLong();
            Instant startedAt = Instant.ofEpochMilli(in.readLong());
            int pidfd = in.readInt();
            int stdout = in.readInt();
            int stderr = in.readInt();
            int channel = in.readInt();
            int nodeChannel = in.readInt();
            int notify = in.readInt();
            child = Optional.of(new HandoverManifest.Child(pid, startTicks, startedAt, pidfd, stdout, stderr, readBytes(in),
                    readBytes(in), channel, nodeChannel, notify, in.readUTF()));
        }
        return new HandoverManifest.App(id, spec, status, restarts, crashes, lastRestartAt, reason, lastExit, restartDue,
                startPending, child);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad length " + length);
        }
        return in.readNBytes(length);
    }
}
