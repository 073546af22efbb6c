package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import dev.roomcast.config.Settings;
import dev.roomcast.testing.ApiClient;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import dev.roomcast.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server API (docs/openapi.yaml) as the application behind Roomcast uses it, on every runtime: each method,
 * what members see of it, and every refusal. ClusterIT calls it on one node and watches the other.
 */
class ApiIT extends RoomcastSuite {

    /** The runtimes' longest chat text (roomcast.test.settings leaves the default). */
    static final int MAX_TEXT_CHARS = Settings.fromEnvironment().maxTextChars();


    @Test
    void aPublishReachesMembersAsTheApplicationAndGoesIntoHistoryOnce() {
        String room = ChatProtocolIT.room();
        ApiClient api = ApiClient.of(server);
        try (ChatClient alice = ChatClient.connect(server, "alice")) {
            alice.join(room);
            JsonObject published = api.postJson("rooms/" + room + "/messages",
                    "{\"text\":\"Invoice 42 is paid\",\"sender\":\"Billing\",\"idempotencyKey\":\"invoice-42\"}");
            assertEquals(1, published.getInt("seq"));
            assertFalse(published.getBoolean("duplicate"));

            JsonObject message = alice.expect("message");
            assertEquals("Billing", message.getString("app"));
            assertFalse(message.containsKey("user"), "the application never passes for a user: " + message);
            assertEquals("Invoice 42 is paid", message.getString("text"));
            assertEquals(published.getString("epoch"), message.getString("epoch"));
            assertEquals(1, message.getInt("seq"));

            JsonObject again = api.postJson("rooms/" + room + "/messages",
                    "{\"text\":\"Invoice 42 is paid\",\"sender\":\"Billing\",\"idempotencyKey\":\"invoice-42\"}");
            assertTrue(again.getBoolean("duplicate"), again.toString());
            assertEquals(1, again.getInt("seq"));
            alice.send("{\"type\":\"ping\",\"id\":\"after\"}");
            assertEquals("pong", alice.next().getString("type"), "a retried publish is not delivered twice");

            JsonObject page = api.getJson("rooms/" + room + "/messages");
            assertEquals(1, page.getJsonArray("messages").size());
            assertEquals("Billing", page.getJsonArray("messages").getJsonObject(0).getString("app"));
        }
    }

    @Test
    void aPublishWithoutASenderIsLabelledAppAndNeedsNoMembers() {
        String room = ChatProtocolIT.room();
        JsonObject published = ApiClient.of(server).postJson("rooms/" + room + "/messages", "{\"text\":\"first\"}");
        try (ChatClient bob = ChatClient.connect(server, "bob")) {
            JsonObject joined = bob.join(room);
            assertEquals(published.getString("epoch"), joined.getString("epoch"));
            JsonObject replayed = bob.expect("message");
            assertEquals("app", replayed.getString("app"));
            assertEquals("first", replayed.getString("text"));
        }
    }

    @Test
    void roomInfoAndTheRoomListShowWhoIsPresent() {
        String prefix = "p" + UUID.randomUUID().toString().substring(0, 8) + "-";
        ApiClient api = ApiClient.of(server);
        try (ChatClient alice = ChatClient.connect(server, "alice");
             ChatClient bob = ChatClient.connect(server, "bob")) {
            for (String room : List.of(prefix + "a", prefix + "b", prefix + "c")) {
                alice.join(room);
            }
            bob.join(prefix + "a");
            alice.post(prefix + "a", "hello", "c1");
            alice.await("ack", Map.of("clientId", "c1"));

            JsonObject info = awaitInfo(api, prefix + "a", 2);
            assertEquals(List.of("alice", "bob"), ChatClient.members(info).stream().sorted().toList());
            assertEquals(2, info.getInt("memberCount"));
            assertEquals(1, info.getInt("seq"));

            JsonObject first = api.getJson("rooms?limit=2&after=" + prefix);
            assertEquals(List.of(prefix + "a", prefix + "b"), names(first));
            assertEquals(2, first.getJsonArray("rooms").getJsonObject(0).getInt("members"));
            assertEquals(prefix + "b", first.getString("next"));
            JsonObject second = api.getJson("rooms?limit=2&after=" + first.getString("next"));
            assertEquals(prefix + "c", names(second).get(0));
        }
        assertEquals(404, api.get("rooms/never-used-" + UUID.randomUUID().toString().substring(0, 8)).statusCode());
    }

    @Test
    void theRoomListCanBeSearchedByAnyPartOfTheName() {
        String tag = "S" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient api = ApiClient.of(server);
        try (ChatClient alice = ChatClient.connect(server, "alice")) {
            for (String room : List.of("x-" + tag + "-one", "y-" + tag.toLowerCase() + "-two", "z-unrelated-" + tag.substring(1, 5))) {
                alice.join(room);
            }
            Eventually.await("both rooms listed", () -> names(api.getJson("rooms?search=" + tag)).size() == 2);
            assertEquals(List.of("x-" + tag + "-one", "y-" + tag.toLowerCase() + "-two"),
                    names(api.getJson("rooms?search=" + tag.toUpperCase())), "in any case");
            assertEquals(List.of("y-" + tag.toLowerCase() + "-two"),
                    names(api.getJson("rooms?search=" + tag + "&limit=1&after=x-" + tag + "-one")), "paged like the list");
        }
        assertRefused(api.get("rooms?search=" + "x".repeat(65)), 400, "invalid_request");
    }

    /** What the console shows of a user: every connection with its rooms, and the ban. */
    @Test
    void aUserLookupShowsEachConnectionWithItsRooms() {
        String user = "lookup" + UUID.randomUUID().toString().substring(0, 6);
        String room = ChatProtocolIT.room();
        ApiClient api = ApiClient.of(server);
        JsonObject nobody = api.getJson("users/" + user);
        assertEquals(0, nobody.getJsonArray("connections").size(), "not connected is an empty list: " + nobody);
        assertEquals(0, nobody.getInt("banSeconds"));
        try (ChatClient phone = ChatClient.connect(server, user);
             ChatClient laptop = ChatClient.connect(server, user)) {
            phone.join(room);
            laptop.join(room);
            laptop.join(room + "-other");
            JsonObject found = api.getJson("users/" + user);
            assertEquals(user, found.getString("user"));
            // A node that another test stopped a moment ago is still listed for a presence TTL and named as not
            // answering (as documented); the node under test, which holds both connections, answered.
            List<String> unanswered = found.getJsonArray("unanswered").getValuesAs(JsonString::getString);
            found.getJsonArray("connections").getValuesAs(JsonObject.class).forEach(connection -> assertFalse(
                    unanswered.contains(connection.getString("node")), "the node holding the connections answered: " + found));
            List<List<String>> rooms = found.getJsonArray("connections").getValuesAs(JsonObject.class).stream()
                    .map(connection -> connection.getJsonArray("rooms").getValuesAs(JsonString::getString))
                    .sorted(Comparator.comparingInt(List::size)).toList();
            assertEquals(List.of(List.of(room), List.of(room, room + "-other")), rooms, found.toString());
            JsonObject first = found.getJsonArray("connections").getJsonObject(0);
            assertEquals("127.0.0.1", first.getString("address"));
            assertTrue(first.getString("node").length() > 0 && first.getString("connectedAt").endsWith("Z"), first.toString());
        }
        assertRefused(api.get("users/not%20a%20name"), 400, "invalid_request");
    }

    /** The node list: this node, ready, with the connections the test holds among its figures. */
    @Test
    void theNodeListShowsThisNodeWithItsFigures() {
        ApiClient api = ApiClient.of(server);
        try (ChatClient alice = ChatClient.connect(server, "alice")) {
            alice.join(ChatProtocolIT.room());
            JsonObject list = api.getJson("nodes");
            JsonObject here = list.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
                    .filter(node -> node.getString("node").equals(list.getString("node"))).findFirst().orElseThrow();
            assertTrue(here.getBoolean("ready"), here.toString());
            assertTrue(here.getInt("connections") >= 1 && here.getInt("users") >= 1 && here.getInt("rooms") >= 1,
                    here.toString());
            assertTrue(here.getJsonNumber("received").longValue() >= 1, "the join was received: " + here);
            assertTrue(here.getString("version").matches("\\d+\\.\\d+\\.\\d+.*"), here.toString());
            assertTrue(here.getJsonObject("refused").containsKey("rate"), "every reason, from zero: " + here);
            Instant started = Instant.parse(here.getString("startedAt"));
            assertTrue(started.isBefore(Instant.parse(here.getString("sampledAt"))), here.toString());
        }
    }

    @Test
    void historyPagesGoBackwardsAndForwards() {
        String room = ChatProtocolIT.room();
        ApiClient api = ApiClient.of(server);
        for (int i = 1; i <= 5; i++) {
            api.postJson("rooms/" + room + "/messages", "{\"text\":\"m" + i + "\"}");
        }
        JsonObject latest = api.getJson("rooms/" + room + "/messages?limit=2");
        assertEquals(List.of(4, 5), seqs(latest));
        assertTrue(latest.getBoolean("more"));
        assertEquals(List.of(2, 3), seqs(api.getJson("rooms/" + room + "/messages?before=4&limit=2")));
        JsonObject oldest = api.getJson("rooms/" + room + "/messages?before=2&limit=2");
        assertEquals(List.of(1), seqs(oldest));
        assertFalse(oldest.getBoolean("more"));
        JsonObject forward = api.getJson("rooms/" + room + "/messages?after=1&limit=2");
        assertEquals(List.of(2, 3), seqs(forward));
        assertTrue(forward.getBoolean("more"));
        JsonObject end = api.getJson("rooms/" + room + "/messages?after=4");
        assertEquals(List.of(5), seqs(end));
        assertFalse(end.getBoolean("more"));

        assertRefused(api.get("rooms/" + room + "/messages?before=3&after=1"), 400, "invalid_request");
        assertRefused(api.get("rooms/" + room + "/messages?limit=101"), 400, "invalid_request");
        assertRefused(api.get("rooms/" + room + "/messages?before=x"), 400, "invalid_request");
        assertRefused(api.get("rooms/nobody-" + UUID.randomUUID().toString().substring(0, 8) + "/messages"), 404,
                "not_found");
    }

    @Test
    void aResetStartsANewEpochAndTellsTheMembers() {
        String room = ChatProtocolIT.room();
        ApiClient api = ApiClient.of(server);
        try (ChatClient alice = ChatClient.connect(server, "alice")) {
            String before = alice.join(room).getString("epoch");
            alice.post(room, "old", "c1");
            alice.expect("message");
            alice.expect("ack");

            JsonObject reset = api.postJson("rooms/" + room + "/reset", null);
            assertNotEquals(before, reset.getString("epoch"));
            assertEquals(0, reset.getInt("seq"));
            JsonObject told = alice.expect("joined");
            assertEquals("reset", told.getString("replay"));
            assertEquals("reset", told.getString("reason"));
            assertEquals(reset.getString("epoch"), told.getString("epoch"));

            alice.post(room, "new", "c2");
            JsonObject message = alice.expect("message");
            assertEquals(1, message.getInt("seq"));
            assertEquals(reset.getString("epoch"), message.getString("epoch"));
            assertEquals(List.of(1), seqs(api.getJson("rooms/" + room + "/messages")));
        }
    }

    @Test
    void aPersonalMessageReachesEveryTabOfItsUserAndNobodyElse() {
        String bob = "bob-" + UUID.randomUUID().toString().substring(0, 6);
        try (ChatClient tab1 = ChatClient.connect(server, bob);
             ChatClient tab2 = ChatClient.connect(server, bob);
             ChatClient carol = ChatClient.connect(server, "carol")) {
            JsonObject accepted = ApiClient.of(server).postJson("users/" + bob + "/messages",
                    "{\"text\":\"Your export is ready\",\"sender\":\"Reports\"}");
            assertEquals(bob, accepted.getString("user"));
            for (ChatClient tab : List.of(tab1, tab2)) {
                JsonObject personal = tab.expect("personal");
                assertEquals("Reports", personal.getString("app"));
                assertEquals("Your export is ready", personal.getString("text"));
            }
            // The users' messages go out in one order (on a cluster, through one channel): had carol been sent bob's
            // message, it would arrive before one sent to her after it.
            ApiClient.of(server).postJson("users/carol/messages", "{\"text\":\"marker\"}");
            assertEquals("marker", carol.expect("personal").getString("text"), "bob's message reached carol");
        }
    }

    @Test
    void aDisconnectClosesEveryConnectionOfTheUserAndABanRefusesTheirHandshakes() throws Exception {
        String mallory = "mallory-" + UUID.randomUUID().toString().substring(0, 6);
        ChatClient tab1 = ChatClient.connect(server, mallory);
        ChatClient tab2 = ChatClient.connect(server, mallory);
        JsonObject accepted = ApiClient.of(server).postJson("users/" + mallory + "/disconnect",
                "{\"reason\":\"spam\",\"banSeconds\":3}");
        assertEquals(3, accepted.getInt("banSeconds"));
        for (ChatClient tab : List.of(tab1, tab2)) {
            WsClient.Closed closed = tab.socket().awaitClose();
            assertEquals(4003, closed.code());
            assertEquals("spam", closed.reason());
        }
        Map<String, String> request = Map.of("Authorization", "Bearer " + TestTokens.valid(mallory),
                "Origin", WsClient.originOf(server.ws("ws/chat")));
        try (RawWebSocket refused = RawWebSocket.open(server.ws("ws/chat"), request)) {
            assertEquals(403, refused.status());
            assertTrue(Integer.parseInt(refused.headers().get("retry-after")) <= 3, refused.headers().toString());
        }
        Eventually.await("the ban over", () -> {
            try (RawWebSocket again = RawWebSocket.open(server.ws("ws/chat"), request)) {
                return again.status();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, status -> status == 101);
        try (ChatClient back = ChatClient.connect(server, mallory)) {
            assertEquals(mallory, back.welcome().getString("user"), "the ban ends");
        }
    }

    @Test
    void aDisconnectWithoutABanLetsTheUserComeBack() {
        String dave = "dave-" + UUID.randomUUID().toString().substring(0, 6);
        ChatClient tab = ChatClient.connect(server, dave);
        ApiClient.of(server).postJson("users/" + dave + "/disconnect", "{}");
        assertEquals(4003, tab.socket().awaitClose().code());
        try (ChatClient back = ChatClient.connect(server, dave)) {
            assertEquals(dave, back.welcome().getString("user"));
        }
    }

    static Stream<Arguments> refusedCalls() {
        String chatToken = TestTokens.valid("alice");
        return Stream.of(
                Arguments.of("no credentials", Map.of(), 401, "unauthorized"),
                Arguments.of("a wrong key", Map.of("X-API-Key", "not-the-key-0123456789"), 401, "unauthorized"),
                Arguments.of("a wrong bearer", Map.of("Authorization", "Bearer not-the-key-0123456789"), 401,
                        "unauthorized"),
                Arguments.of("a chat token without the API scope", Map.of("Authorization", "Bearer " + chatToken), 403,
                        "forbidden"),
                Arguments.of("an expired token with the scope", Map.of("Authorization", "Bearer " + TestTokens.sign(
                        TestTokens.claims("backend").claim("scope", System.getProperty("roomcast.api-scope"))
                                .expirationTime(new java.util.Date(System.currentTimeMillis() - 300_000)).build(),
                        JWSAlgorithm.HS256)), 401, "unauthorized"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCalls")
    void callsWithoutValidCredentialsAreRefused(String what, Map<String, String> credentials, int status,
                                                String error) {
        HttpResponse<String> response = ApiClient.with(server, credentials).get("rooms");
        assertRefused(response, status, error);
        if (status == 401) {
            assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(null), what);
        }
    }

    @Test
    void aKeyInTheQueryStringIsRefusedEvenWhenItIsRight() {
        assertRefused(ApiClient.with(server, Map.of()).get("rooms?api_key=" + ApiClient.key(0)), 401, "unauthorized");
        assertRefused(ApiClient.of(server).get("rooms?access_token=" + ApiClient.key(0)), 401, "unauthorized");
    }

    @Test
    void everyConfiguredKeyAndAScopedTokenAreAccepted() {
        assertEquals(200, ApiClient.with(server, Map.of("Authorization", "Bearer " + ApiClient.key(0))).get("rooms")
                .statusCode());
        assertEquals(200, ApiClient.with(server, Map.of("X-API-Key", ApiClient.key(1))).get("rooms").statusCode(),
                "the second key, for rotation");
        String scoped = TestTokens.sign(TestTokens.claims("backend")
                .claim("scope", "profile " + System.getProperty("roomcast.api-scope")).build(), JWSAlgorithm.HS256);
        assertEquals(200, ApiClient.with(server, Map.of("Authorization", "Bearer " + scoped)).get("rooms").statusCode());
        String role = TestTokens.sign(TestTokens.claims("backend")
                .claim("roles", List.of(System.getProperty("roomcast.api-scope"))).build(), JWSAlgorithm.RS256);
        assertEquals(200, ApiClient.with(server, Map.of("Authorization", "Bearer " + role)).get("rooms").statusCode());
    }

    @Test
    void badRequestsGetAnErrorThatSaysWhatIsWrong() {
        ApiClient api = ApiClient.of(server);
        String room = ChatProtocolIT.room();
        assertRefused(api.post("rooms/" + room + "/messages", "{\"text\":5}"), 400, "invalid_field");
        assertRefused(api.post("rooms/" + room + "/messages", "not json"), 400, "malformed_json");
        assertRefused(api.post("rooms/" + room + "/messages", "{}"), 400, "invalid_request");
        assertRefused(api.post("rooms/" + room + "/messages", "{\"text\":\"  \"}"), 400, "invalid_request");
        assertRefused(api.post("rooms/" + room + "/messages", "{\"text\":\"hi\",\"sender\":\"<b>x</b>\"}"), 400,
                "invalid_request");
        assertRefused(api.post("rooms/bad%20name/messages", "{\"text\":\"hi\"}"), 400, "invalid_request");
        assertRefused(api.post("users/bad%20name/messages", "{\"text\":\"hi\"}"), 400, "invalid_request");
        assertRefused(api.post("users/bob/disconnect", "{\"reason\":\"" + "é".repeat(62) + "\"}"), 400,
                "invalid_request");
        assertRefused(api.post("users/bob/disconnect", "{\"banSeconds\":-1}"), 400, "invalid_request");
        assertRefused(api.get("rooms?limit=0"), 400, "invalid_request");
    }

    /** Found by a client written from docs/openapi.yaml alone: each answer is what the document says. */
    @Test
    void requestsOutsideTheDocumentGetItsErrorsOnEveryRuntime() {
        ApiClient api = ApiClient.of(server);
        String room = ChatProtocolIT.room();
        assertRefused(api.post("rooms/" + room + "/messages", "{\"text\":\"hi\"}", "text/plain"), 415,
                "unsupported_media_type");
        assertRefused(api.post("users/bob/messages", "{\"text\":\"hi\"}", "text/plain"), 415, "unsupported_media_type");
        String deep = "{\"text\":\"hi\",\"x\":" + "[".repeat(1500) + "]".repeat(1500) + "}";
        assertRefused(api.post("rooms/" + room + "/messages", deep), 400, "malformed_json");
        String deepInAString = "{\"text\":\"" + "[".repeat(1500) + "\"}";
        assertEquals(1, ApiClient.ok(api.post("rooms/" + room + "/messages", deepInAString)).getInt("seq"),
                "brackets inside a string are text");
        assertRefused(api.post("rooms/no%2Fpe/messages", "{\"text\":\"hi\"}"), 400, "invalid_request");
        assertRefused(api.get("rooms/no%2Fpe"), 400, "invalid_request");
        assertRefused(api.post("users/a%2Fb/messages", "{\"text\":\"hi\"}"), 400, "invalid_request");
        assertRefused(api.post("users/bob/messages", "{\"text\":\"" + "x".repeat(MAX_TEXT_CHARS + 1) + "\"}"), 400,
                "invalid_request");
        // 64 characters, 128 UTF-16 units: within the documented maxLength, which counts characters.
        String emoji = "\uD83D\uDE00".repeat(64);
        assertEquals(false, ApiClient.ok(api.post("rooms/" + room + "/messages",
                "{\"text\":\"hi\",\"idempotencyKey\":\"" + emoji + "\"}")).getBoolean("duplicate"));
        assertRefused(api.post("rooms/" + room + "/messages",
                "{\"text\":\"hi\",\"idempotencyKey\":\"" + emoji + "x\"}"), 400, "invalid_request");
        assertRefused(api.get("no-such-path"), 404, "not_found");
    }

    private static JsonObject awaitInfo(ApiClient api, String room, int members) {
        return Eventually.await(members + " members in " + room, () -> api.getJson("rooms/" + room),
                info -> info.getInt("memberCount") >= members);
    }

    private static List<String> names(JsonObject page) {
        return page.getJsonArray("rooms").getValuesAs(JsonObject.class).stream().map(room -> room.getString("room"))
                .toList();
    }

    private static List<Integer> seqs(JsonObject page) {
        return page.getJsonArray("messages").getValuesAs(JsonObject.class).stream().map(m -> m.getInt("seq")).toList();
    }

    static void assertRefused(HttpResponse<String> response, int status, String error) {
        assertEquals(status, response.statusCode(), response.body());
        JsonObject body = ChatClient.parse(response.body());
        assertEquals(error, body.getString("error"), response.body());
        assertTrue(body.getString("message").length() > 5, response.body());
        assertNull(body.get("stack"));
    }
}
