package dev.roomcast.room;

import dev.roomcast.backend.BackendEvents;
import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.config.Settings;
import dev.roomcast.testing.RecordingBackend;

/** The single-node store as CDI would make it, for the in-JVM tests of what runs on it. */
public final class RoomStoreTesting {

    private RoomStoreTesting() {
    }

    public static InMemoryRoomStore inMemory(Settings settings, Scheduler scheduler) {
        return inMemory(settings, scheduler, new RecordingBackend());
    }

    /** The store, reporting its events to {@code events}. */
    public static InMemoryRoomStore inMemory(Settings settings, Scheduler scheduler, BackendEvents events) {
        InMemoryRoomStore store = new InMemoryRoomStore();
        store.settings = settings;
        store.scheduler = scheduler;
        store.events = events;
        store.forgetIdleRooms();
        return store;
    }

    /** A single node's connected users, reporting to {@code events}. */
    public static LocalConnectedUsers connectedUsers(BackendEvents events) {
        LocalConnectedUsers users = new LocalConnectedUsers();
        users.events = events;
        return users;
    }
}
