package dev.roomcast.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The Roomcast that a behavioural test talks to, known only by its base URL (for example
 * {@code http://localhost:8080/} or {@code http://host:8080/roomcast/}), so one test class runs unchanged
 * against every runtime.
 */
public record ServerUnderTest(URI base) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public ServerUnderTest {
        if (!base.getPath().endsWith("/")) {
            base = URI.create(base + "/");
        }
    }

    /** The WebSocket URL of {@code path} (given without a leading slash, e.g. {@code ws/echo}). */
    public URI ws(String path) {
        String scheme = base.getScheme().equals("https") ? "wss" : "ws";
        return URI.create(scheme + "://" + base.getRawAuthority() + base.getRawPath() + path);
    }

    public URI http(String path) {
        return base.resolve(path);
    }

    public HttpResponse<String> get(String path) {
        return get(path, Map.of());
    }

    public HttpResponse<String> get(String path, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(http(path)).timeout(Duration.ofSeconds(10));
            headers.forEach(request::header);
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }

    /** The number of open WebSocket sessions the server reports at {@code /health}. */
    public int connections() {
        String body = get("health").body();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"connections\":(\\d+)").matcher(body);
        if (!matcher.find()) {
            throw new AssertionError("no connection count in /health: " + body);
        }
        return Integer.parseInt(matcher.group(1));
    }
}
