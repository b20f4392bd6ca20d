// SPDX-License-Identifier: Apache-2.0
package dev.velos.bench;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import org.msgpack.jackson.dataformat.MessagePackFactory;

import dev.velos.ipc.WireReader;
import dev.velos.ipc.WireTypes;

/**
 * The baseline of {@link IpcBenchmark}: how velos 0.1.0 encoded an answer (an ObjectMapper over
 * MessagePackFactory writing the envelope record) and decoded it in the client (a tree, then the
 * tree converted to records), including the structure pre-check it ran before parsing (the same
 * check today's decoder runs, reached here through {@link WireReader#checked}).
 */
final class DatabindCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper(new MessagePackFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

    /** The old answer envelope; key order is the record's. */
    record OkFrame(long id, boolean ok, Object result) {
    }

    private DatabindCodec() {
    }

    static byte[] ok(long id, Object result) throws IOException {
        return MAPPER.writeValueAsBytes(new OkFrame(id, true, result));
    }

    static List<WireTypes.ProcessView> views(byte[] body) throws IOException {
        WireReader.checked(body);
        JsonNode result = MAPPER.readTree(body).path("result");
        return List.of(MAPPER.treeToValue(result, WireTypes.ProcessView[].class));
    }
}
