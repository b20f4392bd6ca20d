// SPDX-License-Identifier: Apache-2.0
package dev.velos.cli.tui;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

import dev.velos.ipc.VelosClient;
import dev.velos.ipc.WireTypes.ProcessView;

/**
 * The full-screen loop of {@code velos monit}: raw mode and the alternate screen, a refresh of
 * the process list at least every second, keys handled as they come, and a frame written only
 * when it changed. The terminal is restored on every way out: q/Esc/Ctrl-C, an exception, or the
 * JVM being told to stop (shutdown hook).
 */
public final class MonitApp {
    private static final long REFRESH_MS = 1000;
    private static final long KEY_WAIT_MS = 150;
    private static final String ENTER_SCREEN = "\u001b[?1049h\u001b[?25l\u001b[2J";
    private static final String LEAVE_SCREEN = "\u001b[0m\u001b[?25h\u001b[?1049l";

    private final Terminal terminal;
    private final Supplier<VelosClient> connector;
    private final Palette palette;
    private final MonitState state = new MonitState();
    private final Queue<String> notices = new ConcurrentLinkedQueue<>();
    private VelosClient client;
    private volatile String lastFrame = "";
    /** Set by SIGWINCH: the next frame clears the screen first (the old layout may hang over the new edges). */
    private volatile boolean resized;

    public MonitApp(Terminal terminal, Supplier<VelosClient> connector, boolean colour) {
        this.terminal = terminal;
        this.connector = connector;
        this.palette = Palette.of(colour);
    }

    /** Runs until the user quits; returns the exit code. */
    public int run() throws IOException {
        Attributes saved = terminal.enterRawMode();
        Attributes raw = new Attributes(terminal.getAttributes());
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false); // Ctrl-C arrives as a key, so quitting is orderly
        terminal.setAttributes(raw);
        AtomicBoolean restored = new AtomicBoolean();
        Runnable restore = () -> {
            if (restored.compareAndSet(false, true)) {
                terminal.writer().print(LEAVE_SCREEN);
                terminal.writer().flush();
                terminal.setAttributes(saved);
            }
        };
        Thread hook = new Thread(restore, "velos-monit-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        terminal.handle(Terminal.Signal.WINCH, s -> resized = true);
        terminal.writer().print(ENTER_SCREEN);
        try (LogFollower follower = new LogFollower(connector)) {
            loop(follower);
        } finally {
            restore.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            if (client != null) {
                client.close();
            }
        }
        return 0;
    }

    private void loop(LogFollower follower) throws IOException {
        NonBlockingReader reader = terminal.reader();
        long nextRefresh = 0;
        while (true) {
            long now = System.currentTimeMillis();
            if (now >= nextRefresh) {
                refresh(now);
                nextRefresh = now + REFRESH_MS;
            }
            for (String notice; (notice = notices.poll()) != null; ) {
                state.toast(notice, now);
            }
            follower.follow(state.selected().map(ProcessView::name).orElse(""));
            draw(state.snapshot(follower.lines(), now));
            int c = reader.read(Math.max(1, Math.min(KEY_WAIT_MS, nextRefresh - System.currentTimeMillis())));
            if (c == NonBlockingReader.READ_EXPIRED) {
                continue;
            }
            if (c < 0) {
                return; // the terminal went away
            }
            Key key = KeyDecoder.decode(c, () -> {
                try {
                    return reader.read(30);
                } catch (IOException e) {
                    return -1;
                }
            });
            MonitAction action = state.onKey(key);
            if (action instanceof MonitAction.Quit) {
                return;
            }
            if (!(action instanceof MonitAction.None)) {
                perform(action);
                nextRefresh = 0;
            }
        }
    }

    private void refresh(long now) {
        try {
            if (client == null) {
                client = connector.get();
            }
            List<ProcessView> views = client.list();
            long uptime = client.ping().uptimeMs();
            state.update(views, uptime, now);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
                client = null;
            }
            state.toast("daemon unreachable: " + e.getMessage(), now);
        }
    }

    /** Runs a daemon command off the key loop (a stop may take the kill timeout); the outcome comes back as a toast. */
    private void perform(MonitAction action) {
        Thread.ofVirtual().name("velos-monit-action").start(() -> {
            try (VelosClient c = connector.get()) {
                String done = switch (action) {
                    case MonitAction.Restart r -> {
                        c.restart(r.name());
                        yield "restarted " + r.name();
                    }
                    case MonitAction.Stop s -> {
                        c.stop(s.name());
                        yield "stopped " + s.name();
                    }
                    case MonitAction.Delete d -> {
                        c.delete(d.name());
                        yield "deleted " + d.name();
                    }
                    case MonitAction.Signal s -> {
                        c.signal(s.name(), s.signal());
                        yield "sent " + s.signal() + " to " + s.name();
                    }
                    default -> "";
                };
                notices.add(done);
            } catch (RuntimeException e) {
                notices.add("failed: " + e.getMessage());
            }
        });
    }

    private void draw(MonitModel model) {
        Size size = terminal.getSize();
        int width = size.getColumns() > 0 ? size.getColumns() : 80;
        int height = size.getRows() > 0 ? size.getRows() : 24;
        String frame = String.join("\r\n", MonitScreen.render(model, palette, width, height).ansiLines());
        boolean clear = resized;
        if (frame.equals(lastFrame) && !clear) {
            return;
        }
        resized = false;
        lastFrame = frame;
        PrintWriter out = terminal.writer();
        out.print(clear ? "\u001b[2J\u001b[H" : "\u001b[H");
        out.print(frame);
        out.flush();
    }
}
