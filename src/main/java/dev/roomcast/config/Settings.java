package dev.roomcast.config;

import java.util.function.Function;

/**
 * Every tunable of the server, read once at start-up.
 *
 * <p>Each setting is named twice so that both deployment styles feel natural: as a system property
 * ({@code -Droomcast.max-frame-bytes=...}, handy on an application server) and as an environment
 * variable ({@code ROOMCAST_MAX_FRAME_BYTES}, handy in containers). A system property wins.
 *
 * @param maxFrameBytes largest text message a client may send; larger ones are closed with 1009
 * @param sendQueueLimit messages that may wait for one slow client before it is closed with 1013
 */
public record Settings(int maxFrameBytes, int sendQueueLimit) {

    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    public static final int DEFAULT_SEND_QUEUE_LIMIT = 1024;

    public Settings {
        requirePositive("max-frame-bytes", maxFrameBytes);
        requirePositive("send-queue-limit", sendQueueLimit);
    }

    /** Reads the settings from system properties, then the environment, then the defaults. */
    public static Settings fromEnvironment() {
        return from(Settings::lookup);
    }

    /** Reads the settings from any source of raw values, keyed by the property form of each name. */
    public static Settings from(Function<String, String> source) {
        return new Settings(
                intValue(source, "max-frame-bytes", DEFAULT_MAX_FRAME_BYTES),
                intValue(source, "send-queue-limit", DEFAULT_SEND_QUEUE_LIMIT));
    }

    /** The value of one setting: {@code roomcast.NAME} as a system property, else {@code ROOMCAST_NAME}. */
    public static String lookup(String name) {
        String property = System.getProperty("roomcast." + name);
        return property != null ? property : System.getenv(environmentName(name));
    }

    public static String environmentName(String name) {
        return "ROOMCAST_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    private static int intValue(Function<String, String> source, String name, int fallback) {
        String raw = source.apply(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "roomcast." + name + " / " + environmentName(name) + " must be a whole number, not '" + raw + "'");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("roomcast." + name + " must be positive, not " + value);
        }
    }
}
