package dev.roomcast.config;

import java.util.function.Function;

/**
 * Every tunable of the server, read once at start-up (by {@link SettingReader}, which names a bad one).
 *
 * <p>Each setting is named twice so that both deployment styles feel natural: as a system property
 * ({@code -Droomcast.max-frame-bytes=...}, handy on an application server) and as an environment
 * variable ({@code ROOMCAST_MAX_FRAME_BYTES}, handy in containers). A system property wins.
 *
 * @param maxFrameBytes largest text message a client may send; larger ones are closed with 1009
 * @param sendQueueLimit messages that may wait for one slow client before it is closed with 1013
 * @param historySize chat messages each room keeps for joins and resumes
 * @param joinHistory messages replayed to a fresh join (one without {@code since})
 * @param maxTextChars longest chat message text, after control characters are stripped
 * @param maxRoomsPerConnection rooms one connection may be in at once
 * @param ratePerSecond chat messages per second one connection may send, on average
 * @param rateBurst chat messages one connection may send at once after a quiet spell
 * @param abuseThreshold rate-limited messages within ten seconds after which the connection is closed with 1008
 * @param presenceGraceMillis how long a user who lost their last connection still counts as present
 * @param heartbeatSeconds idle time after which the server pings a chat connection
 * @param roomIdleSeconds how long a room with nobody in it and nothing happening is kept; then it is forgotten
 *        (history included; in Redis by key expiry), and its next use starts a new epoch
 * @param tokenExpiryWarningSeconds how long before its token expires a chat connection is told
 *        {@code token_expiring}, so that it can send {@code refresh}
 */
public record Settings(int maxFrameBytes, int sendQueueLimit, int historySize, int joinHistory, int maxTextChars,
                       int maxRoomsPerConnection, int ratePerSecond, int rateBurst, int abuseThreshold,
                       int presenceGraceMillis, int heartbeatSeconds, int roomIdleSeconds,
                       int tokenExpiryWarningSeconds) {

    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

    /** Reads the settings from system properties, then the environment, then the defaults. */
    public static Settings fromEnvironment() {
        return from(Settings::lookup);
    }

    /** Reads the settings from any source of raw values, keyed by the property form of each name. */
    public static Settings from(Function<String, String> source) {
        SettingReader read = new SettingReader(source);
        return new Settings(
                read.integer("max-frame-bytes", DEFAULT_MAX_FRAME_BYTES, 1),
                read.integer("send-queue-limit", 1024, 1),
                read.integer("history-size", 1000, 1),
                read.integer("join-history", 50, 1),
                read.integer("max-text-chars", 4000, 1),
                read.integer("max-rooms-per-connection", 50, 1),
                read.integer("rate-per-second", 10, 1),
                read.integer("rate-burst", 20, 1),
                read.integer("abuse-threshold", 50, 1),
                read.integer("presence-grace-ms", 5000, 0),
                read.integer("heartbeat-seconds", 30, 1),
                read.integer("room-idle-seconds", 3600, 1),
                read.integer("token-expiry-warning-seconds", 60, 0));
    }

    /** The value of one setting: {@code roomcast.NAME} as a system property, else {@code ROOMCAST_NAME}. */
    public static String lookup(String name) {
        String property = System.getProperty("roomcast." + name);
        return property != null ? property : System.getenv(SettingReader.environmentName(name));
    }
}
