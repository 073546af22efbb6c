package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code /ws/chat} protocol as docs/PROTOCOL.md describes it: rooms, acks, and every bad input. */
class ChatProtocolIT extends RoomcastSuite {

    static String room() {
        return "room-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void welcomesWithTheHandshakeIdentity() {
        try (ChatClient alice = ChatClient.connect(server, "alice")) {
            assertEquals(1, alice.welcome().getInt("version"));
            assertEquals("alice", alice.welcome().getString("user"));
        }
    }

    @Test
    void aMessageReachesTheRoomsMembersOnlyWithSequenceTimeAndSender() {
        String room = room();
        try (ChatClient alice = ChatClient.connect(server, "alice");
             ChatClient bob = ChatClient.connect(server, "bob");
             ChatClient outsider = ChatClient.connect(server, "carol")) {
            JsonObject joined = alice.join(room);
            assertEquals("recent", joined.getString("replay"));
            assertEquals(0, joined.getJsonNumber("seq").longValue());
            assertEquals(List.of("alice"), ChatClient.members(joined));
            bob.join(room);
            alice.expect("presence");
            outsider.join(room());

            alice.post(room, "hello <b>world</b>");
            for (ChatClient member : List.of(alice, bob)) {
                JsonObject message = member.expect("message");
                assertEquals(room, message.getString("room"));
                assertEquals(1, message.getJsonNumber("seq").longValue());
                assertEquals("alice", message.getString("user"));
                assertEquals("hello <b>world</b>", message.getString("text"));
                assertEquals(joined.getString("epoch"), message.getString("epoch"));
                assertFalse(message.getString("ts").isBlank());
            }
            // The outsider's next message is the answer to its own ping, not alice's post.
            outsider.send("{\"type\":\"ping\",\"id\":\"p1\"}");
            assertEquals("p1", outsider.expect("pong").getString("id"));
        }
    }

    @Test
    void aClaimedSenderInsideAMessageIsIgnored() {
        String room = room();
        try (ChatClient mallory = ChatClient.connect(server, "mallory")) {
            mallory.join(room);
            mallory.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"hi\",\"user\":\"admin\"}");
            assertEquals("mallory", mallory.expect("message").getString("user"));
        }
    }

    @Test
    void aResentClientIdIsAcknowledgedAgainButPostedOnce() {
        String room = room();
        try (ChatClient alice = ChatClient.connect(server, "alice"); ChatClient bob = ChatClient.connect(server, "bob")) {
            alice.join(room);
            bob.join(room);
            alice.expect("presence");
            alice.post(room, "once", "c-1");
            long seq = alice.expect("message").getJsonNumber("seq").longValue();
            JsonObject ack = alice.expect("ack");
            assertEquals("c-1", ack.getString("clientId"));
            assertEquals(seq, ack.getJsonNumber("seq").longValue());
            assertFalse(ack.getBoolean("duplicate"));

            alice.post(room, "once", "c-1");
            JsonObject again = alice.expect("ack");
            assertEquals(seq, again.getJsonNumber("seq").longValue());
            assertTrue(again.getBoolean("duplicate"));

            alice.post(room, "twice", "c-2");
            assertEquals("once", bob.expect("message").getString("text"));
            assertEquals("twice", bob.expect("message").getString("text"), "the resend was not posted");
        }
    }

    @Test
    void controlCharactersAreStrippedAndTheRestKept() {
        String room = room();
        try (ChatClient alice = ChatClient.connect(server, "alice")) {
            alice.join(room);
            alice.send(Json.createObjectBuilder().add("type", "send").add("room", room)
                    .add("text", "a\u0000b\u0007c\u001b[31m\u009bd\ne\tf"));
            assertEquals("abc[31md\ne\tf", alice.expect("message").getString("text"));
        }
    }

    @Test
    void leavingStopsDeliveryAndIsConfirmed() {
        String room = room();
        try (ChatClient alice = ChatClient.connect(server, "alice"); ChatClient bob = ChatClient.connect(server, "bob")) {
            alice.join(room);
            bob.join(room);
            alice.expect("presence");
            bob.send("{\"type\":\"leave\",\"room\":\"" + room + "\"}");
            assertEquals(room, bob.expect("left").getString("room"));
            JsonObject presence = alice.expect("presence");
            assertEquals("leave", presence.getString("event"));
            alice.post(room, "gone?");
            alice.expect("message");
            bob.post(room, "may I?");
            bob.expectError("not_joined");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{bad                                                   | malformed_json",
        "[]                                                     | malformed_json",
        "{\"room\":\"x\"}                                       | invalid_field",
        "{\"type\":7}                                           | invalid_field",
        "{\"type\":\"shout\"}                                   | unknown_type",
        "{\"type\":\"join\",\"room\":5}                         | invalid_field",
        "{\"type\":\"join\",\"room\":\"x\",\"since\":\"3\"}     | invalid_field",
        "{\"type\":\"join\"}                                    | invalid_message",
        "{\"type\":\"join\",\"room\":\"no spaces\"}             | invalid_message",
        "{\"type\":\"join\",\"room\":\"x\",\"since\":-1}        | invalid_message",
        "{\"type\":\"send\",\"room\":\"x\",\"text\":\"   \"}    | invalid_message",
        "{\"type\":\"send\",\"room\":\"x\"}                     | invalid_message",
        "{\"type\":\"send\",\"room\":\"x\",\"text\":\"hi\"}     | not_joined",
        "{\"type\":\"leave\",\"room\":\"x\"}                    | not_joined",
    })
    void badInputGetsItsErrorAndTheConnectionKeepsWorking(String input, String code) {
        try (ChatClient client = ChatClient.connect(server, "tester")) {
            client.send(input);
            JsonObject error = client.expectError(code);
            assertFalse(error.getString("message").isBlank());
            client.send("{\"type\":\"ping\",\"id\":\"still\"}");
            assertEquals("still", client.expect("pong").getString("id"));
        }
    }

    /** Every refusal of a message that had a room or a clientId names them, so a client knows what to retry. */
    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"send\",\"room\":\"r1\",\"text\":5,\"clientId\":\"c1\"}           | invalid_field   | r1 | c1",
        "{\"type\":7,\"room\":\"r1\",\"clientId\":\"c1\"}                                  | invalid_field   | r1 | c1",
        "{\"type\":\"shout\",\"room\":\"r1\",\"clientId\":\"c1\"}                        | unknown_type    | r1 | c1",
        "{\"type\":\"join\",\"room\":\"r1\",\"since\":-1}                                  | invalid_message | r1 |",
        "{\"type\":\"join\",\"room\":\"r1\",\"since\":1,\"epoch\":\"%s\"}              | invalid_message | r1 |",
        "{\"type\":\"send\",\"room\":\"r1\",\"text\":\" \",\"clientId\":\"c1\"}      | invalid_message | r1 | c1",
        "{\"type\":\"send\",\"room\":\"r1\",\"text\":\"hi\",\"clientId\":\"c1\"}     | not_joined      | r1 | c1",
        "{\"type\":\"history\",\"room\":\"r1\"}                                              | not_joined      | r1 |",
        "{\"type\":\"leave\",\"room\":\"r1\"}                                                | not_joined      | r1 |",
        "{\"type\":\"send\",\"room\":\"secret\",\"text\":\"hi\",\"clientId\":\"c1\"} | forbidden       | secret | c1",
    })
    void aRefusalNamesTheRoomAndClientIdOfWhatItRefuses(String input, String code, String room, String clientId) {
        String token = TestTokens.sign(TestTokens.claims("tester").claim("rooms", List.of("r*")).build(),
                JWSAlgorithm.HS256);
        try (ChatClient client = ChatClient.connect(server, Map.of("Authorization", "Bearer " + token))) {
            client.send(input.replace("%s", "e".repeat(65)));
            JsonObject error = client.expectError(code);
            assertEquals(room, error.getString("room", null), error.toString());
            assertEquals(clientId, error.getString("clientId", null), error.toString());
        }
    }

    @Test
    void textOverTheCapIsRefusedAtTheCapItIsAccepted() {
        String room = room();
        try (ChatClient client = ChatClient.connect(server, "tester")) {
            client.join(room);
            client.post(room, "é".repeat(4001), "long");
            JsonObject error = client.expectError("invalid_message");
            assertEquals("long", error.getString("clientId"));
            assertTrue(error.getString("message").contains("4000"), error.toString());
            client.post(room, "é".repeat(4000));
            assertEquals(4000, client.expect("message").getString("text").length());
        }
    }

    @Test
    void anOversizeFrameIsClosedWith1009() {
        try (ChatClient client = ChatClient.connect(server, "tester")) {
            client.socket().sendExpectingClose("{\"type\":\"ping\",\"id\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, client.socket().awaitClose().code());
        }
    }

    @Test
    void aClientThatAnswersPingsStaysConnectedWhileIdle() {
        try (ChatClient client = ChatClient.connect(server, "idler")) {
            int heartbeat = client.welcome().getInt("heartbeatSeconds");
            client.socket().assertNothingFor(Duration.ofSeconds(4L * heartbeat));
            client.send("{\"type\":\"ping\"}");
            client.expect("pong");
        }
    }
}
