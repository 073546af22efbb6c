package dev.roomcast.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** This process's name among the nodes: in presence entries, events and proxy requests. A restarted node is a new node. */
public final class Node {

    public static final String NAME = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);

    /** Roomcast's version, as Maven built it (src/main/resources/dev/roomcast/version.txt). */
    public static final String VERSION = readVersion();

    private Node() {
    }

    private static String readVersion() {
        try (InputStream in = Node.class.getResourceAsStream("/dev/roomcast/version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
