// The example's API: answers every request with the time. Run by `java Api.java` (a single-file
// program), so the image needs no build step of its own.
import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

public class Api {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8081"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("{\"now\":\"" + Instant.now() + "\"}\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // SIGTERM from velos: finish the requests in flight, then exit 0.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("api: stopping");
            server.stop(1);
        }));
        server.start();
        System.out.println("api: listening on 127.0.0.1:" + port);
    }
}
