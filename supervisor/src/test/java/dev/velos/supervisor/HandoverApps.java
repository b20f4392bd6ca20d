// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velos.model.AppSpec;
import dev.velos.model.ListenAddress;
import dev.velos.model.LogLine;
import dev.velos.model.RestartPolicy;

/**
 * The apps and helpers the hand-over and crash tests share across JVMs: a python3 printer of
 * numbered lines (one a millisecond), two instances of the socket-activated HTTP server, an app
 * that exits when told to; a log sink that appends each line to one file with the writer's tag;
 * and a spec codec standing in for the daemon's.
 */
final class HandoverApps {
    static final String PYTHON = "/usr/bin/python3";

    private HandoverApps() {
    }

    /** Writes the apps' scripts to {@code dir}. */
    static void writeScripts(Path dir) throws IOException {
        Files.writeString(dir.resolve("printer.py"), """
                import sys, time
                for i in range(int(sys.argv[1])):
                    print("n=%d" % i, flush=True)
                    time.sleep(0.001)
                print("printed all", flush=True)
                time.sleep(600)
                """);
        try (InputStream in = HandoverApps.class.getResourceAsStream("activated_http.py")) {
            Files.write(dir.resolve("activated_http.py"), in.readAllBytes());
        }
    }

    /** printer (numbered lines), web:0 and web:1 (HTTP on one held socket), doomed (exits 3 once {@code dir/doom} exists). */
    static List<AppSpec> specs(Path dir, int lines) {
        RestartPolicy noRestart = RestartPolicy.DEFAULT.withAutorestart(false).withKillTimeout(Duration.ofSeconds(3));
        RestartPolicy web = RestartPolicy.DEFAULT.withMinUptime(Duration.ofMillis(500)).withKillTimeout(Duration.ofSeconds(3));
        List<AppSpec> specs = new ArrayList<>();
        specs.add(AppSpec.builder("printer", PYTHON).args(List.of(dir.resolve("printer.py").toString(), Integer.toString(lines)))
                .cwd(dir).restart(noRestart).build());
        for (int i = 0; i < 2; i++) {
            specs.add(AppSpec.builder("web", PYTHON).args(List.of(dir.resolve("activated_http.py").toString())).cwd(dir)
                    .restart(web).listen(List.of(ListenAddress.parse("tcp://127.0.0.1:0"))).build().asInstance("web", i));
        }
        String doom = dir.resolve("doom").toString();
        specs.add(AppSpec.builder("doomed", "/bin/sh").args(List.of("-c", "while :; do if [ -f " + doom + " ]; then rm -f "
                + doom + "; exit 3; fi; sleep 0.05; done")).cwd(dir).restart(RestartPolicy.DEFAULT.withKillTimeout(
                Duration.ofSeconds(3))).build());
        return specs;
    }

    /** A log sink appending {@code "<tag> <app> <line>"} to {@code file}, one write per line, as it arrives. */
    static LogSink fileSink(Path file, String tag) {
        FileOutputStream out;
        try {
            out = new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (LogLine line) -> {
            try {
                out.write((tag + " " + line.name() + " " + line.text() + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Enough of a spec codec for these apps (the daemon brings its own). */
    static final HandoverCodec.SpecCodec SPECS = new HandoverCodec.SpecCodec() {
        @Override
        public byte[] encode(AppSpec spec) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(spec.name());
                out.writeUTF(spec.script());
                out.writeInt(spec.args().size());
                for (String arg : spec.args()) {
                    out.writeUTF(arg);
                }
                out.writeUTF(spec.cwd().toString());
                out.writeInt(spec.instance());
                out.writeBoolean(spec.restart().autorestart());
                out.writeLong(spec.restart().minUptime().toMillis());
                out.writeLong(spec.restart().killTimeout().toMillis());
                out.writeInt(spec.listen().size());
                for (ListenAddress address : spec.listen()) {
                    out.writeUTF(address.toString());
                }
                out.writeInt(spec.env().size());
                for (Map.Entry<String, String> e : spec.env().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeUTF(e.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        @Override
        public AppSpec decode(byte[] data) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                AppSpec.Builder builder = AppSpec.builder(in.readUTF(), in.readUTF());
                List<String> args = new ArrayList<>();
                for (int n = in.readInt(); n > 0; n--) {
                    args.add(in.readUTF());
                }
                builder.args(args).cwd(Path.of(in.readUTF())).instance(in.readInt());
                builder.restart(RestartPolicy.DEFAULT.withAutorestart(in.readBoolean()).withMinUptime(Duration.ofMillis(in.readLong()))
                        .withKillTimeout(Duration.ofMillis(in.readLong())));
                List<ListenAddress> listen = new ArrayList<>();
                for (int n = in.readInt(); n > 0; n--) {
                    listen.add(ListenAddress.parse(in.readUTF()));
                }
                Map<String, String> env = new LinkedHashMap<>();
                for (int n = in.readInt(); n > 0; n--) {
                    env.put(in.readUTF(), in.readUTF());
                }
                return builder.listen(listen).env(env).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
