package dev.roomcast.webhook;

import dev.roomcast.backend.BackendSecrets;
import dev.roomcast.config.RoomPatterns;
import dev.roomcast.config.SettingReader;
import dev.roomcast.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Where and how events are sent (docs/CONFIGURATION.md, "Webhooks"), read like every other setting.
 *
 * @param url the receiver, an absolute {@code http://} or {@code https://} URL; null: no webhooks
 * @param secrets {@code roomcast.backend-secrets}, which sign each batch ({@link dev.roomcast.backend.Signature});
 *        required with {@code url}
 * @param messageRooms the rooms whose posted messages are reported; none unless configured
 * @param batchSize events per request at most
 * @param batchDelay how long the first event of a batch waits for others to join it
 * @param timeout how long one request may take before it counts as failed
 * @param maxAge how long an event is retried before it is given up (counted and logged)
 * @param maxBackoff the longest wait between two attempts
 * @param queueLimit events a node holds for the receiver; beyond it, new events are counted and logged, not queued
 */
public record WebhookSettings(URI url, List<String> secrets, RoomPatterns messageRooms, int batchSize,
                              Duration batchDelay, Duration timeout, Duration maxAge, Duration maxBackoff,
                              int queueLimit) {

    public static WebhookSettings fromEnvironment() {
        return from(Settings::lookup);
    }

    public static WebhookSettings from(Function<String, String> source) {
        SettingReader read = new SettingReader(source);
        URI url = read.httpUrl("webhook-url");
        List<String> secrets = url == null ? List.of() : BackendSecrets.required(read, "webhook-url");
        return new WebhookSettings(url, secrets, RoomPatterns.of(read.list("webhook-message-rooms", List.of())),
                read.integer("webhook-batch-size", 100, 1),
                Duration.ofMillis(read.integer("webhook-batch-ms", 20, 0)),
                Duration.ofMillis(read.integer("webhook-timeout-ms", 5_000, 1)),
                Duration.ofSeconds(read.integer("webhook-max-age-seconds", 3_600, 1)),
                Duration.ofMillis(read.integer("webhook-max-backoff-ms", 30_000, 1)),
                read.integer("webhook-queue-limit", 100_000, 1));
    }

    public boolean enabled() {
        return url != null;
    }
}
