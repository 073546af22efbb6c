package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.config.Settings;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import dev.roomcast.testing.WsClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sequence numbers, history and resume: one order for everyone under concurrent senders, and a resume that
 * loses nothing and repeats nothing while others keep sending.
 */
class ChatHistoryIT extends RoomcastSuite {

    /** The settings the runtimes under test were started with (see roomcast.test.settings in pom.xml). */
    static final Settings SETTINGS = Settings.fromEnvironment();

    /**
     * Messages one writer posts before the next takes over: within the rate limit's burst (the test runtimes
     * refill almost nothing), and at most half a send queue, so every member stays well inside its queue.
     */
    static final int BATCH = Math.min(SETTINGS.sendQueueLimit() / 2, SETTINGS.rateBurst() - 10);

    private final ExecutorService senders = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopSenders() {
        senders.shutdownNow();
    }

    @Test
    void concurrentSendersProduceOneGaplessOrderForEveryone() throws Exception {
        String room = ChatProtocolIT.room();
        int perSender = 150;
        List<ChatClient> writers = new ArrayList<>();
        try (ChatClient reader1 = ChatClient.connect(server, "reader1");
             ChatClient reader2 = ChatClient.connect(server, "reader2")) {
            reader1.join(room);
            reader2.join(room);
            for (int w = 0; w < 4; w++) {
                ChatClient writer = ChatClient.connect(server, "writer" + w);
                writer.join(room);
                writers.add(writer);
            }
            List<Future<?>> sending = new ArrayList<>();
            for (int w = 0; w < writers.size(); w++) {
                ChatClient writer = writers.get(w);
                int id = w;
                sending.add(senders.submit(() -> {
                    for (int i = 0; i < perSender; i++) {
                        writer.post(room, id + ":" + i);
                    }
                }));
            }
            for (Future<?> done : sending) {
                done.get();
            }
            int total = perSender * writers.size();
            List<JsonObject> seen1 = reader1.collect("message", total);
            List<JsonObject> seen2 = reader2.collect("message", total);
            Map<String, Integer> nextPerWriter = new HashMap<>();
            for (int i = 0; i < total; i++) {
                assertEquals(i + 1, seen1.get(i).getJsonNumber("seq").longValue(), "gapless, strictly increasing");
                assertEquals(seen1.get(i), seen2.get(i), "both readers see the same order");
                String[] text = seen1.get(i).getString("text").split(":");
                int expected = nextPerWriter.merge(text[0], 1, Integer::sum) - 1;
                assertEquals(expected, Integer.parseInt(text[1]), "each writer's own order is kept");
            }
        } finally {
            writers.forEach(ChatClient::close);
        }
    }

    @Test
    void aResumeAfterADroppedConnectionLosesNothingAndRepeatsNothingWhileOthersSend() throws Exception {
        String room = ChatProtocolIT.room();
        int total = 300;
        try (ChatClient writer = ChatClient.connect(server, "writer")) {
            writer.join(room);
            ChatClient reader = ChatClient.connect(server, "reader");
            JsonObject joined = reader.join(room);
            String epoch = joined.getString("epoch");

            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= total; i++) {
                    writer.post(room, "m" + i);
                    Eventually.pause(5); // a steady sender
                }
            }, senders);

            List<Long> seqs = new ArrayList<>();
            reader.collect("message", 40).forEach(m -> seqs.add(m.getJsonNumber("seq").longValue()));
            reader.socket().abort(); // no close frame: the connection just vanishes

            try (ChatClient back = ChatClient.connect(server, "reader")) {
                JsonObject resumed = back.resume(room, seqs.get(seqs.size() - 1), epoch);
                assertEquals("resume", resumed.getString("replay"));
                assertNull(resumed.getString("reason", null));
                while (seqs.size() < total) {
                    seqs.add(back.collect("message", 1).get(0).getJsonNumber("seq").longValue());
                }
                sending.get();
            }
            for (int i = 0; i < total; i++) {
                assertEquals(i + 1, seqs.get(i), "message " + (i + 1) + " exactly once, in order");
            }
        }
    }

    @Test
    void aResumeBeyondRetainedHistoryIsToldSoAndGetsRecentMessages() {
        String room = ChatProtocolIT.room();
        int posted = SETTINGS.historySize() + 30;
        try (ChatClient writer = ChatClient.connect(server, "writer")) {
            String epoch = writer.join(room).getString("epoch");
            postMany(room, posted, "m");
            writer.collect("message", posted);
            try (ChatClient late = ChatClient.connect(server, "late")) {
                JsonObject joined = late.resume(room, 5, epoch);
                assertEquals("reset", joined.getString("replay"));
                assertEquals("history_gap", joined.getString("reason"));
                assertEquals(posted, joined.getJsonNumber("seq").longValue());
                List<JsonObject> replay = late.collect("message", SETTINGS.joinHistory());
                assertEquals(posted - SETTINGS.joinHistory() + 1, replay.get(0).getJsonNumber("seq").longValue());
                assertEquals(posted, replay.get(replay.size() - 1).getJsonNumber("seq").longValue());
            }
            try (ChatClient recent = ChatClient.connect(server, "recent")) {
                JsonObject joined = recent.resume(room, posted - SETTINGS.historySize(), epoch);
                assertEquals("resume", joined.getString("replay"), "the oldest retained message is still resumable");
                assertEquals(posted - SETTINGS.historySize() + 1,
                        recent.collect("message", 1).get(0).getJsonNumber("seq").longValue());
            }
        }
    }

    @Test
    void aStaleEpochOrAPositionAheadOfTheServerIsToldSo() {
        String room = ChatProtocolIT.room();
        try (ChatClient writer = ChatClient.connect(server, "writer")) {
            String epoch = writer.join(room).getString("epoch");
            writer.post(room, "one");
            writer.expect("message");
            try (ChatClient other = ChatClient.connect(server, "other")) {
                JsonObject stale = other.resume(room, 1, "not-" + epoch);
                assertEquals("reset", stale.getString("replay"));
                assertEquals("epoch_changed", stale.getString("reason"));
                assertEquals(epoch, stale.getString("epoch"));
                assertEquals("one", other.expect("message").getString("text"));

                JsonObject ahead = other.resume(room, 99, epoch);
                assertEquals("reset", ahead.getString("replay"));
                assertEquals("ahead_of_server", ahead.getString("reason"));
                assertFalse(ahead.getJsonArray("members").isEmpty());
            }
        }
    }

    /** A client scrolls back past its join's replay, page by page, to the room's first message. */
    @Test
    void historyPagesScrollBackToTheFirstMessage() {
        String room = ChatProtocolIT.room();
        int posted = 230;
        postMany(room, posted, "old");
        try (ChatClient reader = ChatClient.connect(server, "scroller")) {
            JsonObject joined = reader.join(room);
            assertEquals(posted, joined.getJsonNumber("seq").longValue());
            List<JsonObject> replay = reader.collect("message", SETTINGS.joinHistory());
            long before = replay.get(0).getJsonNumber("seq").longValue();

            int pages = 0;
            boolean complete = false;
            while (!complete) {
                reader.send("{\"type\":\"history\",\"room\":\"" + room + "\",\"before\":" + before + ",\"limit\":100}");
                JsonObject page = reader.expect("history");
                assertEquals(room, page.getString("room"));
                assertEquals(joined.getString("epoch"), page.getString("epoch"));
                List<JsonObject> messages = page.getJsonArray("messages").getValuesAs(JsonObject.class);
                for (int i = 0; i < messages.size(); i++) {
                    assertEquals(before - messages.size() + i, messages.get(i).getJsonNumber("seq").longValue(),
                            "oldest first, consecutive, ending just before 'before'");
                    assertEquals("old", messages.get(i).getString("text"));
                }
                complete = page.getBoolean("complete");
                before = messages.get(0).getJsonNumber("seq").longValue();
                pages++;
            }
            assertEquals(1, before, "the first message reached");
            assertEquals(2, pages, "180 older messages in pages of 100");

            reader.send("{\"type\":\"history\",\"room\":\"" + room + "\"}");
            JsonObject latest = reader.expect("history");
            List<JsonObject> newest = latest.getJsonArray("messages").getValuesAs(JsonObject.class);
            assertEquals(50, newest.size(), "the default limit");
            assertEquals(posted, newest.get(49).getJsonNumber("seq").longValue());
            assertFalse(latest.getBoolean("complete"));

            reader.send("{\"type\":\"history\",\"room\":\"" + room + "\",\"limit\":101}");
            assertEquals(room, reader.expectError("invalid_message").getString("room"));
            reader.send("{\"type\":\"history\",\"room\":\"elsewhere\"}");
            assertEquals("elsewhere", reader.expectError("not_joined").getString("room"));
        }
    }

    /**
     * Posts {@code count} messages to {@code room} from as many writers as the rate limit's burst needs (the
     * test runtimes refill almost nothing), one after another, so their order is known.
     */
    void postMany(String room, int count, String text) {
        postMany(room, count, text, BATCH, posted -> { });
    }

    /** As above, {@code perWriter} at a time, calling {@code afterEach} with how many went out. */
    void postMany(String room, int count, String text, int perWriter, IntConsumer afterEach) {
        for (int first = 0; first < count; first += perWriter) {
            try (ChatClient writer = ChatClient.connect(server, "bulk-writer")) {
                writer.join(room);
                int last = Math.min(count, first + perWriter);
                for (int i = first; i < last; i++) {
                    writer.post(room, text, "bulk-" + i);
                }
                writer.collect("ack", last - first); // all posted before the next writer starts
                afterEach.accept(last - first);
            }
        }
    }

    @Test
    void aClientTooSlowToReadIsClosedAndLosesNothingOnResume() throws Exception {
        String room = ChatProtocolIT.room();
        String text = "€".repeat(SETTINGS.maxTextChars()); // 12 KB on the wire, so buffers fill quickly
        int posted = 1_600; // past the send queue (1,024) plus what the socket buffers hold, within history
        try (ChatClient reader = ChatClient.connect(server, "reader")) {
            String epoch = reader.join(room).getString("epoch");
            Map<String, String> origin = Map.of("Origin", WsClient.originOf(server.ws("ws/chat")));
            try (RawWebSocket stalled = RawWebSocket.open(
                    server.ws("ws/chat?access_token=" + TestTokens.valid("stalled")), origin, 4096)) {
                assertEquals(101, stalled.status());
                stalled.sendFrame(RawWebSocket.TEXT,
                        ("{\"type\":\"join\",\"room\":\"" + room + "\"}").getBytes(StandardCharsets.UTF_8));
                reader.expect("presence");
                // It reads nothing, but says something now and then, so the heartbeat does not close it first.
                ScheduledExecutorService alive = Executors.newSingleThreadScheduledExecutor();
                alive.scheduleWithFixedDelay(() -> {
                    try {
                        stalled.sendFrame(RawWebSocket.TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException closed) {
                        // closed for being too slow: what the test waits for
                    }
                }, 300, 300, TimeUnit.MILLISECONDS);

                // The stalled client reads nothing meanwhile; the reader keeps up after every batch, so only
                // the stalled one falls behind by more than the send queue holds.
                List<JsonObject> seen = new ArrayList<>();
                postMany(room, posted, text, BATCH, batch -> seen.addAll(reader.collect("message", batch)));
                for (int i = 0; i < posted; i++) {
                    assertEquals(i + 1, seen.get(i).getJsonNumber("seq").longValue(), "the reader kept its pace");
                }
                alive.shutdownNow();
                // On Payara the stalled client is closed too, but the code differs: its container stops
                // reading a connection whose writes are blocked, so the stalled client's pings go unheard and
                // the heartbeat may close it first (1001); or the container cuts the connection instead of
                // sending the 1013 close frame (1006, see README). What matters is the resume below.
                int code = stalled.awaitCloseCode();
                if (runtime().equals("payara")) {
                    assertTrue(code == 1013 || code == 1006 || code == 1001, "closed with " + code + " "
                            + stalled.closeReason());
                } else {
                    assertEquals(1013, code);
                }
            }
            try (ChatClient back = ChatClient.connect(server, "stalled")) {
                JsonObject resumed = back.resume(room, 0, epoch);
                assertEquals("resume", resumed.getString("replay"));
                List<JsonObject> replay = back.collect("message", posted);
                for (int i = 0; i < posted; i++) {
                    assertEquals(i + 1, replay.get(i).getJsonNumber("seq").longValue(), "nothing lost on resume");
                }
            }
        }
    }


}
