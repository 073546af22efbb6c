package dev.roomcast.testing;

import dev.roomcast.backend.BackendEvent;
import dev.roomcast.backend.BackendEvents;
import dev.roomcast.backend.Caller;
import dev.roomcast.backend.ConnectRequest;
import dev.roomcast.backend.Proxies;
import dev.roomcast.backend.RpcAnswer;
import dev.roomcast.backend.SignIn;
import dev.roomcast.backend.Verdict;
import dev.roomcast.config.RoomPatterns;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend for the in-JVM tests: it keeps every event reported (messages of the rooms {@code messageRooms}
 * matches), and has no proxy, so that nothing is ever asked of it.
 */
public final class RecordingBackend implements BackendEvents, Proxies {

    private final List<BackendEvent> events = new CopyOnWriteArrayList<>();
    private final RoomPatterns messageRooms;

    public RecordingBackend() {
        this(RoomPatterns.NONE);
    }

    public RecordingBackend(RoomPatterns messageRooms) {
        this.messageRooms = messageRooms;
    }

    public List<BackendEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public void report(BackendEvent event) {
        events.add(event);
    }

    @Override
    public boolean reportsMessages(String room) {
        return messageRooms.matches(room);
    }

    /** A clustered store keeps its rooms' events in Redis, and one node's sender hands them to {@link #deliver}. */
    @Override
    public Log log() {
        return new Log(10_000, 100, Duration.ofMillis(20), Duration.ofHours(1));
    }

    @Override
    public void deliver(List<BackendEvent> delivered) {
        events.addAll(delivered);
    }

    @Override
    public void overflowed(long count) {
        throw new AssertionError(count + " events found a room's event log full");
    }

    @Override
    public boolean vetsJoins(String room) {
        return false;
    }

    @Override
    public CompletionStage<Verdict> join(Caller caller, String room) {
        throw new AssertionError("no join proxy");
    }

    @Override
    public boolean vetsPublishes(String room) {
        return false;
    }

    @Override
    public CompletionStage<Verdict> publish(Caller caller, String room, String text, String clientId) {
        throw new AssertionError("no publish proxy");
    }

    @Override
    public boolean connects() {
        return false;
    }

    @Override
    public CompletionStage<SignIn> connect(ConnectRequest request) {
        throw new AssertionError("no connect proxy");
    }

    @Override
    public boolean answersRpc() {
        return false;
    }

    @Override
    public CompletionStage<RpcAnswer> rpc(Caller caller, String method, JsonObject data) {
        throw new AssertionError("no rpc proxy");
    }
}
