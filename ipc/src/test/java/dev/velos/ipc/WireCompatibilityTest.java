// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written codec against frames written by velos 0.1.0's databind codec
 * ({@code wire-v1/}): today's decoder reads each of them into the same value, and today's encoder
 * writes the same value with the same meaning (same keys, same values, compared as plain values).
 * So a client or daemon of either version understands the other for every command both know.
 */
class WireCompatibilityTest {

    static Stream<WireSamples.Sample> samples() {
        return WireSamples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void oldFramesDecodeToTheSameValues(WireSamples.Sample s) throws IOException {
        byte[] old = fixture(s.file());
        switch (s.kind()) {
            case REQUEST -> {
                Messages.Request request = Messages.decodeRequest(old);
                assertThat(request.id()).isEqualTo(WireSamples.ID);
                assertThat(request.cmd()).isEqualTo(s.cmd());
                assertThat(decode(request.args(), s)).isEqualTo(s.value());
            }
            case OK, EVENT -> {
                Messages.Response response = Messages.decodeResponse(old);
                assertThat(response.id()).isEqualTo(WireSamples.ID);
                assertThat(response.ok()).isTrue();
                assertThat(decode(response.result(), s)).isEqualTo(s.value());
            }
            case ERROR -> {
                Messages.Response response = Messages.decodeResponse(old);
                assertThat(response.ok()).isFalse();
                assertThat(response.errorCode()).isEqualTo(WireSamples.ERROR_CODE.wireName());
                assertThat(response.errorMessage()).isEqualTo(s.value());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void newFramesMeanWhatOldFramesMeant(WireSamples.Sample s) throws IOException {
        byte[] now = switch (s.kind()) {
            case REQUEST -> Messages.request(WireSamples.ID, s.cmd(), s.value());
            case OK -> Messages.ok(WireSamples.ID, s.value());
            case EVENT -> Messages.event(WireSamples.ID, s.value());
            case ERROR -> Messages.error(WireSamples.ID, WireSamples.ERROR_CODE, (String) s.value());
        };
        assertThat(WireReader.checked(now).value()).isEqualTo(WireReader.checked(fixture(s.file())).value());
    }

    /** A record without a codec could be answered by the daemon only as an internal error. */
    @Test
    void everyWireRecordHasACodecWithAKeyPerComponent() {
        for (Class<?> type : WireTypes.class.getDeclaredClasses()) {
            assertThat(type.isRecord()).as(type.getSimpleName()).isTrue();
            Object sample = sampleOf(type);
            Map<?, ?> written = (Map<?, ?>) WireReader.checked(Plain.body(sample)).value();
            List<String> keys = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                    .map(WireCompatibilityTest::snakeCase).toList();
            assertThat(List.copyOf(written.keySet())).as(type.getSimpleName()).isEqualTo(keys);
            // WireFields compares names char by byte, which holds for ASCII names only.
            assertThat(keys).allMatch(k -> k.chars().allMatch(c -> c < 0x80));
        }
    }

    /** Field-named errors: the daemon answers them as INVALID_ARGUMENT and keeps the connection. */
    @Test
    void malformedArgsNameTheField() {
        assertThat(error(Map.of("name", "x"), ProcessCodecs.START_ARGS))
                .isEqualTo("invalid start args: field 'script' is missing (a string)");
        assertThat(error(Map.of("script", "a.sh", "env", Map.of("A", 1)), ProcessCodecs.START_ARGS))
                .isEqualTo("invalid start args: field 'env' must be a map of strings, got a map");
        assertThat(error(Map.of("script", "a.sh", "max_restarts", 1L << 40), ProcessCodecs.START_ARGS))
                .isEqualTo("invalid start args: field 'max_restarts' must be a 32-bit integer, got 1099511627776");
        assertThat(error(Map.of("target", List.of()), WireCodecs.TARGET_ARGS))
                .isEqualTo("invalid target args: field 'target' must be a string, got an array");
        assertThat(error(List.of(1), WireCodecs.INFO_ARGS)).isEqualTo("invalid info args: expected a map, got an array");
        assertThat(error(Map.of("apps", List.of(Map.of("script", 5))), ProcessCodecs.START_MANY_ARGS))
                .isEqualTo("invalid start args: field 'script' must be a string, got an integer");
        assertThat(error(Map.of("target", "web"), ProcessCodecs.CONFIG_SET_ARGS))
                .isEqualTo("invalid config.set args: field 'changes' is missing (a map)");
        byte[] numericKey = {(byte) 0x81, 0x07, (byte) 0xa1, 'x'};
        assertThatThrownBy(() -> WireReader.checked(numericKey).read(WireCodecs.TARGET_ARGS))
                .isInstanceOf(ProtocolException.class).hasMessage("map keys must be strings, got an integer");
    }

    private static String error(Object value, WireCodec<?> codec) {
        try {
            WireReader.checked(Plain.body(value)).read(codec);
        } catch (ProtocolException e) {
            assertThat(e.code()).isEqualTo(dev.velos.model.ErrorCode.INVALID_ARGUMENT);
            return e.getMessage();
        }
        throw new AssertionError("decoded " + value);
    }

    private static Object decode(Payload payload, WireSamples.Sample s) {
        return switch (s.file()) {
            case "request-start-full", "request-start-minimal" -> payload.as(ProcessCodecs.START_ARGS);
            case "request-start-many" -> payload.as(ProcessCodecs.START_MANY_ARGS);
            case "request-stop" -> payload.as(WireCodecs.TARGET_ARGS);
            case "request-info" -> payload.as(WireCodecs.INFO_ARGS);
            case "request-signal" -> payload.as(WireCodecs.SIGNAL_ARGS);
            case "request-logs-read" -> payload.as(LogCodecs.LOGS_ARGS);
            case "request-logs-summary" -> payload.as(LogCodecs.LOGS_QUERY);
            case "request-scale" -> payload.as(WireCodecs.SCALE_ARGS);
            case "request-config-set" -> payload.as(ProcessCodecs.CONFIG_SET_ARGS);
            case "answer-list" -> payload.as(ProcessCodecs.PROCESS_VIEWS);
            case "answer-ping" -> payload.as(WireCodecs.PONG);
            case "answer-logs-read" -> payload.as(LogCodecs.LOG_ENTRIES);
            case "answer-save" -> payload.as(WireCodecs.SAVE_RESULT);
            case "answer-resurrect" -> payload.as(WireCodecs.RESURRECT_RESULT);
            case "answer-scale" -> payload.as(WireCodecs.SCALE_RESULT);
            case "answer-summary", "answer-summary-quiet" -> payload.as(LogCodecs.SUMMARY_VIEW);
            case "answer-dedupe" -> payload.as(LogCodecs.DEDUP_VIEWS);
            case "answer-config-get" -> payload.as(ProcessCodecs.APP_SETTINGS_LIST);
            case "answer-config-set" -> payload.as(ProcessCodecs.CONFIG_SET_RESULT);
            case "answer-logs-flush" -> payload.as(WireCodecs.STRINGS);
            case "answer-daemon-stats" -> payload.as(WireCodecs.DAEMON_STATS);
            case "event-log" -> payload.as(LogCodecs.LOG_ENTRY);
            case "event-lifecycle" -> payload.as(WireCodecs.EVENT_VIEW);
            default -> payload.value();
        };
    }

    /** A value of every wire record type: from the samples, or built with every component at its zero. */
    private static Object sampleOf(Class<?> type) {
        try {
            RecordComponent[] components = type.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = types[i] == List.class && components[i].getGenericType().getTypeName().equals("java.util.List<java.lang.String>")
                        // Not empty, for the same reason as a map: a list added later (a view's listen) is written only when set.
                        ? List.of("x") : zero(types[i]);
            }
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object zero(Class<?> t) {
        // Numbers are 1, not 0, for the same reason: a number added later (a line's ord, an event's
        // seq) is written only when it is not 0, so old frames re-encode byte for byte.
        if (t == int.class) {
            return 1;
        }
        if (t == long.class) {
            return 1L;
        }
        if (t == double.class) {
            return 0.0;
        }
        if (t == boolean.class) {
            return false;
        }
        if (t == String.class) {
            // Not empty: a string field written only when set (a log entry's level) still shows its key.
            return "x";
        }
        if (t == List.class) {
            return List.of();
        }
        if (t.isRecord() && t.getEnclosingClass() == WireTypes.class) {
            return sampleOf(t); // a record inside a record (logs args' resume)
        }
        if (t == Map.class) {
            // Not empty: a map field added later (a view's orchestration) is written only when it
            // holds something, so old frames re-encode byte for byte; a sample must show its key.
            return Map.of("k", "v");
        }
        return null;
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    private static byte[] fixture(String file) throws IOException {
        try (InputStream in = WireCompatibilityTest.class.getResourceAsStream("/wire-v1/" + file + ".msgpack")) {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }
}
