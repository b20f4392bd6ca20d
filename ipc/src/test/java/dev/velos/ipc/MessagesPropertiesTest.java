// SPDX-License-Identifier: Apache-2.0
package dev.velos.ipc;

import static dev.velos.ipc.WireArbitraries.normalize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.velos.model.ErrorCode;

/** Message bodies and wire records survive MessagePack encode → decode unchanged. */
class MessagesPropertiesTest {

    @Provide
    Arbitrary<String> text() {
        return WireArbitraries.text(24);
    }

    @Provide
    Arbitrary<Map<String, Object>> args() {
        return WireArbitraries.args();
    }

    @Provide
    Arbitrary<Object> values() {
        return WireArbitraries.value(3);
    }

    @Property(tries = 400)
    void requestsRoundTrip(@ForAll long id, @ForAll("text") String cmd, @ForAll("args") Map<String, Object> args) {
        Messages.Request request = Messages.decodeRequest(Messages.request(id, cmd, args));
        assertThat(request.id()).isEqualTo(id);
        assertThat(request.cmd()).isEqualTo(cmd);
        assertThat(request.args().value()).isInstanceOf(Map.class);
        assertThat(normalize(request.args())).isEqualTo(normalize(args));
    }

    /** Args need not be a map on the wire; whatever was sent arrives (absent or null args become an empty map). */
    @Property(tries = 300)
    void requestsWithAnyArgsRoundTrip(@ForAll long id, @ForAll("text") String cmd, @ForAll("values") Object args) {
        Messages.Request request = Messages.decodeRequest(Messages.request(id, cmd, args));
        assertThat(request.id()).isEqualTo(id);
        assertThat(request.cmd()).isEqualTo(cmd);
        if (args == null) {
            assertThat(request.args().value()).isEqualTo(Map.of());
        } else {
            assertThat(normalize(request.args())).isEqualTo(normalize(args));
        }
    }

    @Property(tries = 400)
    void okResponsesRoundTrip(@ForAll long id, @ForAll("values") Object result) {
        Messages.Response response = Messages.decodeResponse(Messages.ok(id, result));
        assertThat(response.id()).isEqualTo(id);
        assertThat(response.ok()).isTrue();
        assertThat(normalize(response.result())).isEqualTo(normalize(result));
    }

    @Property(tries = 300)
    void errorResponsesRoundTrip(@ForAll long id, @ForAll ErrorCode code, @ForAll("text") String message) {
        Messages.Response response = Messages.decodeResponse(Messages.error(id, code, message));
        assertThat(response.id()).isEqualTo(id);
        assertThat(response.ok()).isFalse();
        assertThat(response.errorCode()).isEqualTo(code.wireName());
        assertThat(response.errorMessage()).isEqualTo(message);
        assertThat(response.result().isNil()).isTrue();
    }

    @Property(tries = 300)
    void streamEventsRoundTrip(@ForAll long id, @ForAll("args") Map<String, Object> event) {
        Messages.Response response = Messages.decodeResponse(Messages.event(id, event));
        assertThat(response.id()).isEqualTo(id);
        assertThat(response.ok()).isTrue();
        assertThat(normalize(response.result())).isEqualTo(normalize(event));
    }

    @Example
    void wireShapesAreAsSpecified() {
        assertThat(plain(Messages.request(7, "list", Map.of())))
                .isEqualTo(Map.of("id", 7L, "cmd", "list", "args", Map.of()));
        assertThat(plain(Messages.error(8, ErrorCode.NOT_FOUND, "no process named web"))).isEqualTo(Map.of("id", 8L,
                "ok", false, "error", Map.of("code", "not_found", "message", "no process named web")));
        assertThat(plain(Messages.ok(9, List.of(1, 2)))).isEqualTo(Map.of("id", 9L, "ok", true, "result", List.of(1L, 2L)));
        assertThat(plain(Messages.event(10, Map.of("line", "x")))).isEqualTo(Map.of("id", 10L, "event", Map.of("line", "x")));
    }

    @Example
    void errorWithoutMessageGetsAnExplanation() {
        Messages.Response response = Messages.decodeResponse(Messages.error(1, ErrorCode.INTERNAL, null));
        assertThat(response.ok()).isFalse();
        assertThat(response.errorCode()).isEqualTo("internal");
        assertThat(response.errorMessage()).isNotBlank();
    }

    // ---- wire records ------------------------------------------------------------------------

    @Provide
    Arbitrary<List<String>> stringLists() {
        return WireArbitraries.text(12).list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<WireTypes.ProcessView> processViews() {
        Arbitrary<String> s = WireArbitraries.text(16);
        Arbitrary<Integer> i = Arbitraries.integers();
        Arbitrary<Long> l = Arbitraries.longs();
        Arbitrary<Boolean> b = Arbitraries.of(true, false);
        Arbitrary<Double> d = Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(0.0);
        List<Arbitrary<Object>> parts = new ArrayList<>(List.of(
                i.map(x -> x), s.map(x -> x), i.map(x -> x), i.map(x -> x), s.map(x -> x), l.map(x -> x),
                l.map(x -> x), i.map(x -> x), d.map(x -> x), i.map(x -> x), l.map(x -> x), s.map(x -> x),
                stringLists().map(x -> x), s.map(x -> x), s.map(x -> x), l.map(x -> x), b.map(x -> x), i.map(x -> x),
                l.map(x -> x), l.map(x -> x), b.map(x -> x), i.map(x -> x), i.map(x -> x), l.map(x -> x)));
        return Combinators.combine(parts).as(MessagesPropertiesTest::processView);
    }

    @SuppressWarnings("unchecked")
    private static WireTypes.ProcessView processView(List<Object> v) {
        return new WireTypes.ProcessView((Integer) v.get(0), (String) v.get(1), (Integer) v.get(2), (Integer) v.get(3),
                (String) v.get(4), (Long) v.get(5), (Long) v.get(6), (Integer) v.get(7), (Double) v.get(8),
                (Integer) v.get(9), (Long) v.get(10), (String) v.get(11), (List<String>) v.get(12), (String) v.get(13),
                (String) v.get(14), (Long) v.get(15), (Boolean) v.get(16), (Integer) v.get(17), (Long) v.get(18),
                (Long) v.get(19), (Boolean) v.get(20), (Integer) v.get(21), (Integer) v.get(22), (Long) v.get(23));
    }

    @Provide
    Arbitrary<WireTypes.StartArgs> startArgs() {
        Arbitrary<Object> s = WireArbitraries.text(16).injectNull(0.3).map(x -> x);
        Arbitrary<Object> script = WireArbitraries.text(16).map(x -> x);
        Arbitrary<Object> list = stringLists().injectNull(0.3).map(x -> x);
        Arbitrary<Object> env = Arbitraries.maps(WireArbitraries.text(8), WireArbitraries.text(16)).ofMaxSize(4)
                .map(m -> (Object) new LinkedHashMap<>(m)).injectNull(0.3);
        Arbitrary<Object> bool = Arbitraries.of(true, false).injectNull(0.3).map(x -> x);
        Arbitrary<Object> integer = Arbitraries.integers().injectNull(0.3).map(x -> x);
        Arbitrary<Object> lng = Arbitraries.longs().injectNull(0.3).map(x -> x);
        return Combinators.combine(List.of(s, script, list, s, s, env, bool, integer, lng, lng, bool, lng))
                .as(MessagesPropertiesTest::startArgs);
    }

    @SuppressWarnings("unchecked")
    private static WireTypes.StartArgs startArgs(List<Object> v) {
        return new WireTypes.StartArgs((String) v.get(0), (String) v.get(1), (List<String>) v.get(2), (String) v.get(3),
                (String) v.get(4), (Map<String, String>) v.get(5), (Boolean) v.get(6), (Integer) v.get(7),
                (Long) v.get(8), (Long) v.get(9), (Boolean) v.get(10), (Long) v.get(11));
    }

    @Provide
    Arbitrary<WireTypes.LogEntry> logEntries() {
        return Combinators.combine(Arbitraries.integers(), WireArbitraries.text(16), Arbitraries.of("out", "err"),
                        Arbitraries.longs(), WireArbitraries.text(200), Arbitraries.of(true, false))
                .as(WireTypes.LogEntry::new);
    }

    @Property(tries = 300)
    void processViewsSurviveTheWire(@ForAll("processViews") WireTypes.ProcessView view) {
        assertThat(throughTheWire(view, ProcessCodecs.PROCESS_VIEW)).isEqualTo(view);
    }

    @Property(tries = 300)
    void startArgsWithNullsSurviveTheWire(@ForAll("startArgs") WireTypes.StartArgs args) {
        assertThat(throughTheWire(args, ProcessCodecs.START_ARGS)).isEqualTo(args);
    }

    @Property(tries = 300)
    void logEntriesSurviveTheWire(@ForAll("logEntries") WireTypes.LogEntry entry) {
        assertThat(throughTheWire(entry, LogCodecs.LOG_ENTRY)).isEqualTo(entry);
        // Lists of records travel as results of list/logs commands.
        List<WireTypes.LogEntry> many = List.of(entry, entry);
        Messages.Response response = Messages.decodeResponse(Messages.ok(3, many));
        assertThat(response.result().as(LogCodecs.LOG_ENTRIES)).containsExactly(entry, entry);
    }

    @Property(tries = 200)
    void smallRecordsSurviveTheWire(@ForAll("text") String s, @ForAll long n, @ForAll int k, @ForAll("stringLists") List<String> names) {
        assertThat(throughTheWire(new WireTypes.Pong(s, n, n), WireCodecs.PONG)).isEqualTo(new WireTypes.Pong(s, n, n));
        assertThat(throughTheWire(new WireTypes.TargetArgs(s), WireCodecs.TARGET_ARGS)).isEqualTo(new WireTypes.TargetArgs(s));
        assertThat(throughTheWire(new WireTypes.LogsArgs(s, k, "all"), LogCodecs.LOGS_ARGS))
                .isEqualTo(new WireTypes.LogsArgs(s, k, "all"));
        assertThat(throughTheWire(new WireTypes.SaveResult(k, s), WireCodecs.SAVE_RESULT))
                .isEqualTo(new WireTypes.SaveResult(k, s));
        var resurrect = new WireTypes.ResurrectResult(names, List.of(), names, s);
        assertThat(throughTheWire(resurrect, WireCodecs.RESURRECT_RESULT)).isEqualTo(resurrect);
    }

    /** Record → request args → bytes → decoded request → record, and the same through a response. */
    private static <T> T throughTheWire(T record, WireCodec<T> codec) {
        Messages.Request request = Messages.decodeRequest(Messages.request(1, "x", record));
        T viaRequest = request.args().as(codec);
        Messages.Response response = Messages.decodeResponse(Messages.ok(2, record));
        T viaResponse = response.result().as(codec);
        assertThat(viaResponse).isEqualTo(viaRequest);
        return viaRequest;
    }

    @Example
    void recordsUseSnakeCaseKeys() {
        var view = new WireTypes.ProcessView(1, "web", 42, 1, "online", 1024, 5, 0, 1.5, 0, 0, "app.js", List.of("--x"),
                "/srv", "node", 1600, true, 15, 1000, 0, false, 0, 0, 123);
        @SuppressWarnings("unchecked")
        Map<String, Object> node = (Map<String, Object>) plain(Plain.body(view));
        assertThat(node).containsKeys("status_str", "memory_bytes", "kill_timeout_ms").doesNotContainKey("statusStr");
        Map<?, ?> start = (Map<?, ?>) plain(Plain.body(
                new WireTypes.StartArgs("a", "b", null, null, null, null, null, 3, null, null, null, null)));
        assertThat(start.get("max_restarts")).isEqualTo(3L);
    }

    @Example
    void unknownKeysAreIgnoredAndMalformedRecordsAreInvalidArgument() {
        Map<String, Object> withExtra = new LinkedHashMap<>();
        withExtra.put("target", "web");
        withExtra.put("some_future_key", List.of(1, 2, 3));
        assertThat(WireReader.checked(Plain.body(withExtra)).read(WireCodecs.TARGET_ARGS))
                .isEqualTo(new WireTypes.TargetArgs("web"));

        Map<String, Object> bad = Map.of("target", "web", "lines", Map.of("not", "a number"), "stream", "out");
        assertThatThrownBy(() -> WireReader.checked(Plain.body(bad)).read(LogCodecs.LOGS_ARGS))
                .isInstanceOf(IpcException.class)
                .hasMessage("invalid logs args: field 'lines' must be an integer, got a map")
                .satisfies(e -> assertThat(((IpcException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(Arrays.asList(ErrorCode.values())).allSatisfy(c -> assertThat(c.wireName()).isLowerCase());
    }

    private static Object plain(byte[] body) {
        return WireReader.checked(body).value();
    }
}
