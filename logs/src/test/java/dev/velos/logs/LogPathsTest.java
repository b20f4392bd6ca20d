// SPDX-License-Identifier: Apache-2.0
package dev.velos.logs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.Level;
import dev.velos.model.LogFileFormat;
import dev.velos.model.LogStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-app paths and forms of the log files: out_file/error_file, "/dev/null", merge_logs, JSON
 * lines (read back by a real JSON parser), and cluster instances' file names without ':' (files
 * written under the old names still read).
 */
class LogPathsTest {
    private static final long T = 1_764_000_000_000L;

    @TempDir
    Path dir;

    private static void out(LogStore logs, String name, long ts, String text) {
        LogStoreTest.line(logs, 1, name, LogStream.STDOUT, ts, text);
    }

    private static void err(LogStore logs, String name, long ts, String text) {
        LogStoreTest.line(logs, 1, name, LogStream.STDERR, ts, text);
    }

    private static List<StoredLine> read(LogStore logs, String name, String stream) throws Exception {
        List<StoredLine> newestFirst = new ArrayList<>();
        logs.read(Map.of(name, 1), 1000, stream, 0, newestFirst::addAll);
        return newestFirst.reversed();
    }

    private static List<String> texts(List<StoredLine> lines) {
        return lines.stream().map(StoredLine::text).toList();
    }

    @Test
    void outFileAndErrorFileReplaceTheDefaultNames() throws Exception {
        Path custom = Files.createDirectory(dir.resolve("custom"));
        try (LogStore logs = LogStoreTest.store(dir)) {
            logs.policy("api", LogPolicy.DEFAULT.withOutFile(custom.resolve("api.stdout")).withErrorFile(custom.resolve("api.stderr")));
            out(logs, "api", T, "to stdout");
            err(logs, "api", T + 1, "to stderr");
            assertThat(texts(read(logs, "api", "all"))).containsExactly("to stdout", "to stderr");
            assertThat(Files.readString(custom.resolve("api.stdout"))).endsWith(" to stdout\n");
            assertThat(Files.readString(custom.resolve("api.stderr"))).endsWith(" to stderr\n");
            assertThat(dir.resolve("api-out.log")).doesNotExist();
            assertThat(dir.resolve("api-err.log")).doesNotExist();
        }
    }

    @Test
    void devNullDiscardsTheStreamAndReadsSaySo() throws Exception {
        try (LogStore logs = LogStoreTest.store(dir)) {
            logs.policy("quiet", LogPolicy.DEFAULT.withOutFile(LogPolicy.DISCARD));
            out(logs, "quiet", T, "thrown away");
            err(logs, "quiet", T + 1, "kept");
            assertThat(texts(read(logs, "quiet", "err"))).containsExactly("kept");
            List<StoredLine> outLines = read(logs, "quiet", "out");
            assertThat(outLines).singleElement().satisfies(l -> {
                assertThat(l.text()).contains("quiet's out is discarded (/dev/null)");
                assertThat(l.stream()).isEqualTo(LogStream.STDOUT);
            });
            assertThat(dir.resolve("quiet-out.log")).doesNotExist();
            assertThat(Files.readString(dir.resolve("quiet-err.log"))).doesNotContain("thrown away");
        }
    }

    @Test
    void mergedLogsAreOneFileWithTheStreamOnEachLine() throws Exception {
        try (LogStore logs = LogStoreTest.store(dir)) {
            logs.policy("web", LogPolicy.DEFAULT.withMerge(true));
            out(logs, "web", T, "request served");
            err(logs, "web", T + 1, "request failed");
            out(logs, "web", T + 2, "err looks like a tag but is text");
            List<StoredLine> all = read(logs, "web", "all"); // also waits for the writer
            List<String> file = Files.readAllLines(dir.resolve("web.log"));
            assertThat(file).hasSize(3);
            assertThat(file.get(0)).endsWith("Z out request served");
            assertThat(file.get(1)).endsWith("Z err request failed");
            assertThat(dir.resolve("web-out.log")).doesNotExist();
            assertThat(dir.resolve("web-err.log")).doesNotExist();

            assertThat(texts(all)).containsExactly("request served", "request failed", "err looks like a tag but is text");
            assertThat(all).extracting(StoredLine::stream).containsExactly(LogStream.STDOUT, LogStream.STDERR, LogStream.STDOUT);
            assertThat(texts(read(logs, "web", "err"))).containsExactly("request failed");
            assertThat(texts(read(logs, "web", "out"))).containsExactly("request served", "err looks like a tag but is text");
        }
    }

    @Test
    void jsonLinesAreWrittenForLogShippersAndReadBack() throws Exception {
        List<String> tricky = List.of("plain info line", "ERROR: \"quoted\" and back\\slash", "tab\there and ü and 😀",
                "{\"level\":\"debug\",\"msg\":\"an app's own JSON\"}", "ctrl \u0001 char");
        try (LogStore logs = LogStoreTest.store(dir)) {
            logs.policy("svc", LogPolicy.DEFAULT.withFormat(LogFileFormat.JSON));
            for (int i = 0; i < tricky.size(); i++) {
                out(logs, "svc", T + i, tricky.get(i));
            }
            err(logs, "svc", T + 10, "on stderr");
            assertThat(texts(read(logs, "svc", "out"))).containsExactlyElementsOf(tricky);

            ObjectMapper json = new ObjectMapper();
            List<String> lines = Files.readAllLines(dir.resolve("svc-out.log"));
            assertThat(lines).hasSize(tricky.size());
            for (int i = 0; i < lines.size(); i++) {
                JsonNode node = json.readTree(lines.get(i));
                assertThat(node.get("ts").asText()).isEqualTo(LogFormat.timestamp(T + i));
                assertThat(node.get("stream").asText()).isEqualTo("out");
                assertThat(node.get("msg").asText()).isEqualTo(tricky.get(i));
                assertThat(node.get("level").asText()).isEqualTo(Classifier.classify(tricky.get(i), LogStream.STDOUT).jsonName());
            }
            assertThat(json.readTree(lines.get(1)).get("level").asText()).isEqualTo(Level.ERROR.jsonName());
            assertThat(json.readTree(lines.get(3)).get("level").asText()).isEqualTo(Level.DEBUG.jsonName());
            JsonNode errLine = json.readTree(Files.readAllLines(dir.resolve("svc-err.log")).getFirst());
            assertThat(errLine.get("stream").asText()).isEqualTo("err");
        }
    }

    @Test
    void clusterInstancesWriteFilesWithoutAColonAndOldFilesAreStillRead() throws Exception {
        // What an older velos left for instance 1: read (not renamed), never written again.
        Path old = dir.resolve("web:1-out.log");
        Files.writeString(old, LogFormat.timestamp(T) + " before the upgrade\n");
        try (LogStore logs = LogStoreTest.store(dir)) {
            out(logs, "web:0", T + 1, "instance zero");
            out(logs, "web:1", T + 2, "after the upgrade");
            List<StoredLine> instanceOne = read(logs, "web:1", "all"); // also waits for the writer
            assertThat(Files.readString(dir.resolve("web-0-out.log"))).contains("instance zero");
            assertThat(Files.readString(dir.resolve("web-1-out.log"))).contains("after the upgrade");
            assertThat(dir.resolve("web:0-out.log")).doesNotExist();
            assertThat(Files.readString(old)).doesNotContain("after the upgrade");
            assertThat(texts(instanceOne)).containsExactly("before the upgrade", "after the upgrade");

            logs.truncate(List.of("web:1"));
            assertThat(read(logs, "web:1", "all")).isEmpty();
        }
    }
}
