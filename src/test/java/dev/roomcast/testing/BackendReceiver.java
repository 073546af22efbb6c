package dev.roomcast.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The application's backend, as a test starts it: a real HTTP server (the JDK's) on the port that
 * {@code roomcast.webhook-url} names (see roomcast.test.settings in pom.xml), which keeps every webhook event it is
 * sent, checks every request's signature against the test's secret as a backend would (docs/backend-contract.yaml),
 * and answers the proxies by what they ask (below), so that each test chooses an answer by its room or text.
 *
 * <ul>
 * <li>publish: a text with {@code darn} is rewritten to {@code ****} with {@code data} {@code {"censored":true}};
 * {@code forbidden-word} is refused; {@code slow} answers after 5 s (past the tests' proxy-timeout-ms); {@code
 * garbage} answers with no JSON; {@code huge} with an answer of 100 KiB; anything else is allowed as sent.</li>
 * <li>join: a room with {@code deny} is refused, {@code slow} answers late; others are allowed.</li>
 * <li>rpc: {@code echo} answers its data, {@code fail} an error of its own, {@code slow} late.</li>
 * <li>connect: a cookie {@code session=good-USER} signs USER in; {@code session=broken} gets a 500; any other, 401.</li>
 * </ul>
 */
public final class BackendReceiver implements AutoCloseable {

    /** The secret the servers under test sign with (roomcast.backend-secrets in pom.xml). */
    public static final String SECRET = "test-backend-secret-0123456789abcdef";
    private static final long LATE_MILLIS = 5_000;

    private final HttpServer server;
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final List<String> unsigned = new CopyOnWriteArrayList<>();
    private final List<JsonObject> proxied = new CopyOnWriteArrayList<>();
    private volatile long webhookDelayMillis;

    private BackendReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts the receiver on the webhook URL's port, where the servers under test send. */
    public static BackendReceiver start() throws IOException {
        URI hooks = URI.create(System.getProperty("roomcast.webhook-url", "http://127.0.0.1:0/hooks"));
        return start(hooks.getPort());
    }

    public static BackendReceiver start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        BackendReceiver receiver = new BackendReceiver(server);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hooks", receiver::hooks);
        server.createContext("/publish", exchange -> receiver.proxy(exchange, receiver::publish));
        server.createContext("/join", exchange -> receiver.proxy(exchange, receiver::join));
        server.createContext("/rpc", exchange -> receiver.proxy(exchange, receiver::rpc));
        server.createContext("/connect", exchange -> receiver.proxy(exchange, receiver::connect));
        server.start();
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every event received, in the order received (duplicates included, if any came). */
    public List<JsonObject> events() {
        return List.copyOf(events);
    }

    /** The events about {@code room}, in the order received. */
    public List<JsonObject> eventsOf(String room) {
        return events.stream().filter(event -> room.equals(event.getString("room", null))).toList();
    }

    /**
     * The events about {@code room} as a backend keeps them: each id once, at its first arrival. Delivery is at least
     * once, so a batch whose answer was lost to a timeout may come again.
     */
    public List<JsonObject> distinctEventsOf(String room) {
        Set<String> seen = new HashSet<>();
        return eventsOf(room).stream().filter(event -> seen.add(event.getString("id"))).toList();
    }

    /** Requests whose signature did not verify (none, if Roomcast signs as documented). */
    public List<String> unsigned() {
        return List.copyOf(unsigned);
    }

    /** Every proxy request's body, in the order received. */
    public List<JsonObject> proxied() {
        return List.copyOf(proxied);
    }

    /** Makes every webhook request take this long before it is answered: a slow receiver. */
    public void delayWebhooks(long millis) {
        webhookDelayMillis = millis;
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void hooks(HttpExchange exchange) throws IOException {
        String body = body(exchange);
        if (!signed(exchange, body)) {
            unsigned.add(body);
        }
        pause(webhookDelayMillis);
        JsonObject batch = Json.createReader(new StringReader(body)).readObject();
        batch.getJsonArray("events").getValuesAs(JsonObject.class).forEach(events::add);
        answer(exchange, 204, "");
    }

    /** A proxy request: answered with what {@code decide} says, {@code null} for a 500. */
    private void proxy(HttpExchange exchange, Function<JsonObject, String> decide) throws IOException {
        String body = body(exchange);
        if (!signed(exchange, body)) {
            unsigned.add(body);
        }
        JsonObject request = Json.createReader(new StringReader(body)).readObject();
        proxied.add(request);
        String answer = decide.apply(request);
        if (answer == null) {
            answer(exchange, 500, "{\"oops\":true}");
        } else if (answer.startsWith("status ")) {
            answer(exchange, Integer.parseInt(answer.substring(7)), "");
        } else {
            answer(exchange, 200, answer);
        }
    }

    private String publish(JsonObject request) {
        String text = request.getString("text");
        if (text.contains("forbidden-word")) {
            return "{\"allow\":false,\"reason\":\"that word is not allowed here\"}";
        }
        if (text.contains("slow")) {
            pause(LATE_MILLIS);
        }
        if (text.contains("garbage")) {
            return "this is not JSON";
        }
        if (text.contains("huge")) {
            return "{\"allow\":true,\"text\":\"" + "x".repeat(100 * 1024) + "\"}";
        }
        if (text.contains("darn")) {
            return Json.createObjectBuilder().add("allow", true).add("text", text.replace("darn", "****"))
                    .add("data", Json.createObjectBuilder().add("censored", true)).build().toString();
        }
        return "{\"allow\":true}";
    }

    private String join(JsonObject request) {
        String room = request.getString("room");
        if (room.contains("slow")) {
            pause(LATE_MILLIS);
        }
        return room.contains("deny") ? "{\"allow\":false,\"reason\":\"members only\"}" : "{\"allow\":true}";
    }

    private String rpc(JsonObject request) {
        return switch (request.getString("method")) {
            case "echo" -> Json.createObjectBuilder().add("data", request.getOrDefault("data", JsonValue.EMPTY_JSON_OBJECT))
                    .build().toString();
            case "fail" -> "{\"error\":{\"code\":\"no_such_profile\",\"message\":\"nobody by that name\"}}";
            case "slow" -> {
                pause(LATE_MILLIS);
                yield "{\"data\":{}}";
            }
            default -> "{\"error\":{\"code\":\"unknown_method\",\"message\":\"no such method\"}}";
        };
    }

    private String connect(JsonObject request) {
        String session = request.getJsonObject("cookies").getString("session", "");
        if (session.equals("broken")) {
            return null;
        }
        if (session.startsWith("slow-")) {
            pause(LATE_MILLIS);
        }
        if (session.startsWith("good-")) {
            return Json.createObjectBuilder().add("user", session.substring(5)).add("rooms", Json.createArrayBuilder()
                    .add("cookie-*")).build().toString();
        }
        return "status 401";
    }

    /** Checks the signature as a backend must: HMAC-SHA256 of "timestamp.body" with the secret, one of the v1 values. */
    private static boolean signed(HttpExchange exchange, String body) {
        String timestamp = exchange.getRequestHeaders().getFirst("Roomcast-Timestamp");
        String signatures = exchange.getRequestHeaders().getFirst("Roomcast-Signature");
        if (timestamp == null || signatures == null
                || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "v1=" + HexFormat.of().formatHex(
                    mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
            return List.of(signatures.split(",")).contains(expected);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
