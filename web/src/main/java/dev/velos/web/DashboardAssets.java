// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;

/**
 * The dashboard: one page and its scripts, styles and icon, read once from the jar (no build
 * step, nothing fetched from elsewhere). They hold no data, so they are served without the token
 * ({@link ServerAccess} opens exactly these paths); everything the page shows it fetches with the
 * token. Unknown files are 404; nothing outside this list can be named.
 */
final class DashboardAssets {
    static final String PREFIX = "/assets/";
    static final String INDEX = "/";
    private static final String RESOURCE_DIR = "dashboard/";
    /** The files and their types; the page is index.html. */
    private static final Map<String, String> TYPES = types();

    private final Map<String, byte[]> files;

    private DashboardAssets(Map<String, byte[]> files) {
        this.files = files;
    }

    private static Map<String, String> types() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("index.html", "text/html; charset=utf-8");
        t.put("app.js", "text/javascript; charset=utf-8");
        t.put("client.js", "text/javascript; charset=utf-8");
        t.put("chart.js", "text/javascript; charset=utf-8");
        t.put("format.js", "text/javascript; charset=utf-8");
        t.put("app.css", "text/css; charset=utf-8");
        t.put("icon.svg", "image/svg+xml");
        return t;
    }

    /** Reads every file; a missing one is a broken build, reported at start-up rather than per request. */
    static DashboardAssets load() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : TYPES.keySet()) {
            try (InputStream in = DashboardAssets.class.getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new IllegalStateException("the dashboard file " + name + " is missing from the jar");
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the dashboard file " + name, e);
            }
        }
        return new DashboardAssets(Map.copyOf(files));
    }

    /** The paths served without a token: the page and every asset. */
    static List<String> openPaths() {
        return TYPES.keySet().stream().map(n -> n.equals("index.html") ? INDEX : PREFIX + n).toList();
    }

    void index(Route.Exchange x) {
        send(x, "index.html");
    }

    void file(Route.Exchange x, String name) {
        if (name.equals("index.html") || !files.containsKey(name)) {
            throw new ApiError(404, "no such dashboard file: " + name);
        }
        send(x, name);
    }

    private void send(Route.Exchange x, String name) {
        x.response().setStatus(200);
        x.response().getHeaders().put(HttpHeader.CONTENT_TYPE, TYPES.get(name));
        // Revalidate every time: an upgraded velos must not run yesterday's script against today's API.
        x.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        x.response().write(true, ByteBuffer.wrap(files.get(name)).asReadOnlyBuffer(), x.callback());
    }
}
