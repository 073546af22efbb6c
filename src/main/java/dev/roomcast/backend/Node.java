package dev.roomcast.backend;

import java.util.concurrent.ThreadLocalRandom;

/** This process's name among the nodes: in presence entries, events and proxy requests. A restarted node is a new node. */
public final class Node {

    public static final String NAME = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);

    private Node() {
    }
}
