// The example's web front: asks the API and greets with its answer. Run by `java Web.java`.
import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

public class Web {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        URI api = URI.create(System.getenv().getOrDefault("API", "http://127.0.0.1:8081/"));
        HttpClient client = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/", exchange -> {
            String answer;
            try {
                answer = client.send(HttpRequest.newBuilder(api).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                answer = "the api did not answer: " + e.getMessage() + "\n";
            }
            byte[] body = ("hello from velos in a container; api says " + answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            System.out.println("web: served " + exchange.getRequestURI());
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("web: stopping");
            server.stop(1);
        }));
        server.start();
        System.out.println("web: listening on port " + port);
    }
}
