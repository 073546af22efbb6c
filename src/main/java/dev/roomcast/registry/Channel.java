package dev.roomcast.registry;

/** Which endpoint a session belongs to; a broadcast never crosses channels. */
public enum Channel {
    ECHO, BROADCAST, JSON, CHAT
}
