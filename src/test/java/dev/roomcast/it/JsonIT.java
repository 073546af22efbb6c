package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code /ws/json} speaks the tutorial's JSON and answers bad input with an error object, staying open. */
class JsonIT extends RoomcastSuite {

    @Test
    void answersWithReceived() {
        try (WsClient client = WsClient.connect(server.ws("ws/json"))) {
            client.send("{\"text\": \"hello \\\"json\\\" 世界\"}");
            assertEquals("Received: hello \"json\" 世界", parse(client.next()).getString("message"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{bad json              | malformed_json",
        "[1, 2]                 | malformed_json",
        "\"just a string\"      | malformed_json",
        "{}                     | invalid_field",
        "{\"text\": null}       | invalid_field",
        "{\"text\": 5}          | invalid_field",
        "{\"text\": true}       | invalid_field",
        "{\"text\": {\"a\": 1}} | invalid_field",
        "{\"text\": [\"a\"]}    | invalid_field",
    })
    void answersBadInputWithAnErrorAndKeepsWorking(String input, String error) {
        try (WsClient client = WsClient.connect(server.ws("ws/json"))) {
            client.send(input);
            JsonObject reply = parse(client.next());
            assertEquals(error, reply.getString("error"), reply.toString());
            assertEquals(false, reply.getString("detail").isBlank());

            client.send("{\"text\": \"still here\"}");
            assertEquals("Received: still here", parse(client.next()).getString("message"));
        }
    }

    @Test
    void namesTheFieldThatHasTheWrongType() {
        try (WsClient client = WsClient.connect(server.ws("ws/json"))) {
            client.send("{\"text\": 5}");
            assertEquals("'text' must be a string", parse(client.next()).getString("detail"));
        }
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }
}
