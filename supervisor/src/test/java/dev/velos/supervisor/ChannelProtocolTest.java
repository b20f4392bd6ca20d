// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The two channel protocols, byte by byte: velos frames and Node's JSON lines. */
class ChannelProtocolTest {
    private final AtomicInteger messages = new AtomicInteger();

    private static boolean feed(ChannelReader.Protocol protocol, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return protocol.consume(bytes, bytes.length);
    }

    @Test
    void nodeReadyIsTheJsonStringReadyOnItsOwnLineEvenWhenSplitAcrossReads() {
        NodeMessages node = new NodeMessages(messages::incrementAndGet);
        assertThat(feed(node, "{\"cmd\":\"NODE_HANDLE_ACK\"}\n\"not ready\"\n\"rea")).isTrue();
        assertThat(messages).hasValue(0);
        feed(node, "dy\"\n");
        assertThat(messages).hasValue(1);
        feed(node, "{\"type\":\"ready\"}\n\"ready\"\r\n");
        assertThat(messages).hasValue(2);
    }

    @Test
    void aNodeLineOverTheLimitIsSkippedWholeAndTheNextLineStillCounts() {
        NodeMessages node = new NodeMessages(messages::incrementAndGet);
        feed(node, "\"" + "x".repeat(NodeMessages.MAX_LINE));
        feed(node, "x\"ready\"\n");
        assertThat(messages).hasValue(0);
        feed(node, "\"ready\"\n");
        assertThat(messages).hasValue(1);
    }

    @Test
    void nodeShutdownIsPm2sShutdownString() {
        assertThat(new String(new NodeMessages(() -> { }).shutdownMessage(), StandardCharsets.US_ASCII)).isEqualTo("\"shutdown\"\n");
    }

    @Test
    void velosFramesCountEveryCompleteFrameSplitAnywhereAndRefuseAnOversizedOne() {
        VelosFrames frames = new VelosFrames("app", messages::incrementAndGet);
        assertThat(feed(frames, "\u0005\u0000\u0000")).isTrue();
        feed(frames, "\u0000rea");
        assertThat(messages).hasValue(0);
        feed(frames, "dy\u0000\u0000\u0000\u0000\u0002\u0000\u0000\u0000hi");
        assertThat(messages).hasValue(3);
        assertThat(feed(frames, "\u0001\u0000\u0001\u0000")).as("65537 bytes").isFalse();
    }

    @Test
    void velosShutdownIsTheLengthPrefixedShutdownObject() {
        byte[] message = new VelosFrames("app", () -> { }).shutdownMessage();
        assertThat(message).startsWith(19, 0, 0, 0);
        assertThat(new String(message, 4, message.length - 4, StandardCharsets.US_ASCII)).isEqualTo("{\"type\":\"shutdown\"}");
    }
}
