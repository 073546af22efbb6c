package dev.roomcast.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.roomcast.message.InvalidMessageException;
import dev.roomcast.message.JsonCodec;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A room member that keeps what the store hands it, for a test to read in order. */
public final class RecordingMember implements Member {

    private static int ids;

    private final String id;
    private final String user;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    public RecordingMember(String user) {
        this.user = user;
        synchronized (RecordingMember.class) {
            this.id = user + "#" + (++ids);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public void deliver(String json) {
        received.add(json);
    }

    @Override
    public void deliverAll(List<String> json) {
        received.addAll(json);
    }

    @Override
    public void reconnect(String why) {
        received.add("{\"type\":\"reconnect\",\"reason\":\"" + why + "\"}");
    }

    /** The next message, waited for (a clustered store answers from Redis threads). */
    public JsonObject next() {
        try {
            String json = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(json, id + " received nothing more");
            return JsonCodec.parseObject(json);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(e);
        } catch (InvalidMessageException e) {
            return fail("the store delivered invalid JSON", e);
        }
    }

    /** The next message, which must be of {@code type}. */
    public JsonObject next(String type) {
        JsonObject message = next();
        assertEquals(type, message.getString("type"), message.toString());
        return message;
    }

    /** The next message of {@code type}, skipping others (presence events, say). */
    public JsonObject await(String type) {
        for (int i = 0; i < 1000; i++) {
            JsonObject message = next();
            if (message.getString("type").equals(type)) {
                return message;
            }
        }
        return fail("no " + type);
    }

    /** Messages received and not yet read. */
    public int waiting() {
        return received.size();
    }
}
