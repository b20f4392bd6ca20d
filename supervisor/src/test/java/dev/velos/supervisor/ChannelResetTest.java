// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.foreign.Arena;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.velos.sys.CallState;
import dev.velos.sys.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A child that dies with bytes the loop sent it still unread (a shutdown message it never read)
 * makes Linux answer the loop's next read on the channel with ECONNRESET. That is the channel's
 * end, as a read of 0 bytes is: the reader closes and the loop logs nothing (before, the
 * ErrnoException reached the loop's task guard and was logged as an error; the channel closed only
 * at the next wake-up's read of 0).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChannelResetTest {
    @Test
    void aResetByAPeerThatLeftOurBytesUnreadClosesTheChannelLikeAnEndOfFile() throws Exception {
        List<String> loopErrors = new CopyOnWriteArrayList<>();
        Object restore = watchLoopErrors(loopErrors);
        AtomicReference<Throwable> escaped = new AtomicReference<>();
        EventLoop loop = new EventLoop("test-loop", escaped::set);
        loop.start();
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena);
            Sockets.Pair pair = Sockets.socketpair(cs, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC);
            CompletableFuture<ChannelReader> reader = new CompletableFuture<>();
            loop.execute(() -> reader.complete(new ChannelReader(loop, pair.first(), new PipeReader.Buffer(4096),
                    new VelosFrames("deaf", () -> { }))));
            ChannelReader channel = reader.get(5, TimeUnit.SECONDS);
            CompletableFuture<Boolean> sent = new CompletableFuture<>();
            loop.execute(() -> sent.complete(channel.sendShutdown()));
            assertThat(sent.get(5, TimeUnit.SECONDS)).isTrue();
            pair.second().close(cs); // the child's end goes with the shutdown message unread in it

            await().atMost(Duration.ofSeconds(5)).until(() -> !channel.isOpen());
            assertThat(escaped.get()).isNull();
            assertThat(loopErrors).as("errors the loop logged").isEmpty();
        } finally {
            loop.close();
            setFilter(restore);
        }
    }

    /**
     * Collects the records of level SEVERE and above that the loop's System.Logger sends to
     * java.util.logging (the JDK's backend here), through a filter on its logger. Reflection,
     * because this module does not read java.logging (nothing in the supervisor needs it).
     */
    private static Object watchLoopErrors(List<String> into) throws ReflectiveOperationException {
        Class<?> filter = Class.forName("java.util.logging.Filter");
        Object previous = julLogger().getClass().getMethod("getFilter").invoke(julLogger());
        Object watcher = Proxy.newProxyInstance(ChannelResetTest.class.getClassLoader(), new Class<?>[] {filter},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isLoggable" -> {
                        Object level = args[0].getClass().getMethod("getLevel").invoke(args[0]);
                        if ((int) level.getClass().getMethod("intValue").invoke(level) >= 1000) {
                            into.add(args[0].getClass().getMethod("getMessage").invoke(args[0]) + ": "
                                    + args[0].getClass().getMethod("getThrown").invoke(args[0]));
                        }
                        yield true;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "loop error watcher";
                });
        setFilter(watcher);
        return previous == null ? NO_FILTER : previous;
    }

    private static final Object NO_FILTER = new Object();

    private static void setFilter(Object filter) throws ReflectiveOperationException {
        Class<?> type = Class.forName("java.util.logging.Filter");
        julLogger().getClass().getMethod("setFilter", type).invoke(julLogger(), filter == NO_FILTER ? null : filter);
    }

    private static Object julLogger() throws ReflectiveOperationException {
        return Class.forName("java.util.logging.Logger").getMethod("getLogger", String.class).invoke(null, EventLoop.class.getName());
    }
}
