package dev.roomcast.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A chat protocol client for tests: JSON in and out over a real {@link WsClient}. */
public final class ChatClient implements AutoCloseable {

    private final WsClient socket;
    private final JsonObject welcome;

    private ChatClient(WsClient socket) {
        this.socket = socket;
        this.welcome = parse(socket.next());
        assertEquals("welcome", welcome.getString("type"), welcome.toString());
    }

    /** Connects as {@code user}, with a valid token in the Authorization header. */
    public static ChatClient connect(ServerUnderTest server, String user) {
        return connect(server, Map.of("Authorization", "Bearer " + TestTokens.valid(user)));
    }

    public static ChatClient connect(ServerUnderTest server, Map<String, String> headers) {
        Map<String, String> withOrigin = new java.util.HashMap<>(headers);
        withOrigin.putIfAbsent("Origin", WsClient.originOf(server.ws("ws/chat")));
        return new ChatClient(WsClient.connect(server.ws("ws/chat"), withOrigin));
    }

    public JsonObject welcome() {
        return welcome;
    }

    public WsClient socket() {
        return socket;
    }

    public void send(String json) {
        socket.send(json);
    }

    public void send(JsonObjectBuilder message) {
        socket.send(message.build().toString());
    }

    /** Joins {@code room} and returns the {@code joined} answer; the replay follows it. */
    public JsonObject join(String room) {
        send(Json.createObjectBuilder().add("type", "join").add("room", room));
        return expect("joined");
    }

    public JsonObject resume(String room, long since, String epoch) {
        send(Json.createObjectBuilder().add("type", "join").add("room", room).add("since", since).add("epoch", epoch));
        return expect("joined");
    }

    public void post(String room, String text) {
        send(Json.createObjectBuilder().add("type", "send").add("room", room).add("text", text));
    }

    public void post(String room, String text, String clientId) {
        send(Json.createObjectBuilder().add("type", "send").add("room", room).add("text", text)
                .add("clientId", clientId));
    }

    public JsonObject next() {
        return parse(socket.next());
    }

    /** The next message, which must be of {@code type}. */
    public JsonObject expect(String type) {
        JsonObject message = next();
        assertEquals(type, message.getString("type"), message.toString());
        return message;
    }

    /**
     * Ends a "nothing more arrives" check without a timeout: {@code poster} (this client, or another member) posts a
     * marker to {@code room}, and the next message here must be that marker. The room delivers in one order, so a
     * duplicate or a late replay that was on its way would arrive before it.
     */
    public void expectNothingBefore(ChatClient poster, String room) {
        String marker = "marker " + System.nanoTime();
        poster.post(room, marker);
        JsonObject next = next();
        assertEquals("message", next.getString("type"), "something arrived before the marker: " + next);
        assertEquals(marker, next.getString("text"), "something arrived before the marker: " + next);
    }

    /** The next error, which must carry {@code code}. */
    public JsonObject expectError(String code) {
        JsonObject error = expect("error");
        assertEquals(code, error.getString("code"), error.toString());
        return error;
    }

    /** The next {@code count} messages of {@code type}, passing over messages of other types. */
    public List<JsonObject> collect(String type, int count) {
        List<JsonObject> collected = new ArrayList<>(count);
        while (collected.size() < count) {
            JsonObject message = next();
            if (message.getString("type").equals(type)) {
                collected.add(message);
            }
        }
        return collected;
    }

    /**
     * The texts of the next {@code count} chat messages (passing over other types), which must be numbered one
     * after another: none missing, none repeated.
     */
    public List<String> textsInSequence(int count) {
        List<String> texts = new ArrayList<>(count);
        long previous = -1;
        for (JsonObject message : collect("message", count)) {
            texts.add(message.getString("text"));
            long seq = message.getJsonNumber("seq").longValue();
            if (previous >= 0) {
                assertEquals(previous + 1, seq, texts.toString());
            }
            previous = seq;
        }
        return texts;
    }

    /** Passes over messages until one of {@code type} matches all of {@code fields}. */
    public JsonObject await(String type, Map<String, String> fields) {
        for (int passed = 0; passed < 10_000; passed++) {
            JsonObject message = next();
            if (message.getString("type").equals(type) && fields.entrySet().stream()
                    .allMatch(field -> field.getValue().equals(message.getString(field.getKey(), null)))) {
                return message;
            }
        }
        return fail("no " + type + " with " + fields);
    }

    @Override
    public void close() {
        socket.close();
    }

    /** The member list of a {@code joined} answer. */
    public static List<String> members(JsonObject joined) {
        return joined.getJsonArray("members").getValuesAs(JsonString::getString);
    }

    public static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }
}
