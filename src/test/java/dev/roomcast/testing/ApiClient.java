package dev.roomcast.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** The application's side of a test: calls to the server API ({@code /api/}) with the credentials given. */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ServerUnderTest server;
    private final Map<String, String> credentials;

    private ApiClient(ServerUnderTest server, Map<String, String> credentials) {
        this.server = server;
        this.credentials = credentials;
    }

    /** The {@code n}th (from 0) of the keys the runtimes under test were started with (roomcast.api-keys). */
    public static String key(int n) {
        return System.getProperty("roomcast.api-keys").split(",")[n];
    }

    /** A caller with the first test key, as {@code X-API-Key}. */
    public static ApiClient of(ServerUnderTest server) {
        return with(server, Map.of("X-API-Key", key(0)));
    }

    /** A caller sending exactly {@code credentials} (headers; none for an anonymous call). */
    public static ApiClient with(ServerUnderTest server, Map<String, String> credentials) {
        return new ApiClient(server, credentials);
    }

    public HttpResponse<String> get(String path) {
        return call("GET", path, null, null);
    }

    public HttpResponse<String> post(String path, String json) {
        return post(path, json, "application/json");
    }

    /** A POST whose body is declared as {@code contentType}. */
    public HttpResponse<String> post(String path, String body, String contentType) {
        return call("POST", path, body, contentType);
    }

    /** A GET that must answer 200, as JSON. */
    public JsonObject getJson(String path) {
        return ok(get(path));
    }

    /** A POST that must answer 200 or 202, as JSON. */
    public JsonObject postJson(String path, String json) {
        HttpResponse<String> response = post(path, json);
        return response.statusCode() == 202 ? ChatClient.parse(response.body()) : ok(response);
    }

    public static JsonObject ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return ChatClient.parse(response.body());
    }

    private HttpResponse<String> call(String method, String path, String json, String contentType) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.http("api/" + path))
                    .timeout(WsClient.PATIENCE)
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json));
            Map<String, String> headers = new HashMap<>(credentials);
            if (json != null) {
                headers.put("Content-Type", contentType);
            }
            headers.forEach(request::header);
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(method + " /api/" + path + " failed", e);
        }
    }
}
