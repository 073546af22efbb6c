package dev.roomcast.room;

import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.config.Settings;

/** The single-node store as CDI would make it, for the in-JVM tests of what runs on it. */
public final class RoomStoreTesting {

    private RoomStoreTesting() {
    }

    public static InMemoryRoomStore inMemory(Settings settings, Scheduler scheduler) {
        InMemoryRoomStore store = new InMemoryRoomStore();
        store.settings = settings;
        store.scheduler = scheduler;
        store.forgetIdleRooms();
        return store;
    }
}
