package dev.roomcast.webhook;

import dev.roomcast.backend.BackendEvent;
import dev.roomcast.backend.BackendEvents;
import dev.roomcast.backend.Signature;
import dev.roomcast.message.JsonEncoder;
import dev.roomcast.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook sender. {@link #report} only offers the event to a bounded queue, on the reporter's thread, and
 * returns; one thread, {@code roomcast-webhooks}, owns everything after that: it takes a batch off the queue, sends
 * it, and retries that same batch (exponential backoff with jitter) until it is accepted with a 2xx or its oldest
 * event is older than {@code webhook-max-age-seconds}. Nothing overtakes a batch being retried, so the receiver
 * gets this node's events in the order they were reported; a receiver that is slow or away fills the queue, never
 * a room's thread.
 *
 * <p>On a cluster, the rooms' events do not come through this queue: Redis keeps them in each room's log, and the
 * one node that sends them ({@code cluster.RedisRoomEvents}) hands them to {@link #deliver} on a thread of its own,
 * with the same signature, retries and give-up rule. Users' events ({@code user_connected}, {@code
 * user_disconnected}, {@code user_removed}) still come through this node's queue.
 */
@ApplicationScoped
public class Webhooks implements BackendEvents {

    private static final System.Logger LOG = System.getLogger(Webhooks.class.getName());
    /** The first wait after a failed attempt; each further failure doubles it, up to webhook-max-backoff-ms. */
    private static final long FIRST_BACKOFF_MILLIS = 100;
    /** At most one overflow warning per this many milliseconds: a full queue must not flood the log too. */
    private static final long OVERFLOW_LOG_MILLIS = 10_000;

    @Inject
    Meters meters;

    private WebhookSettings settings;
    private BlockingQueue<Queued> queue;
    private HttpClient http;
    private Thread sender;
    private Counter delivered;
    private Counter givenUp;
    private Counter overflowed;
    private Counter failedAttempts;
    private final AtomicLong lastOverflowLog = new AtomicLong();

    /** An event waiting for the receiver, with when it was reported (for its age). */
    private record Queued(BackendEvent event, long reportedAt) {
    }

    /**
     * Reads the settings when the bean is made (at start, through {@link #start}, so that a bad setting stops the
     * start; or earlier, when a clustered store asks for its {@link #log}).
     */
    @PostConstruct
    void init() {
        settings = WebhookSettings.fromEnvironment();
        delivered = counter("delivered", "Events the webhook receiver accepted");
        givenUp = counter("given_up", "Events given up after webhook-max-age-seconds of failed attempts");
        overflowed = counter("overflow", "Events not queued for the webhook receiver: the queue was full");
        failedAttempts = Counter.builder("roomcast.webhook.failed.attempts")
                .description("Webhook requests that failed (network, timeout, or an answer other than 2xx)")
                .register(meters.registry());
        if (settings.enabled()) {
            queue = new ArrayBlockingQueue<>(settings.queueLimit());
            Gauge.builder("roomcast.webhook.queue", queue, BlockingQueue::size)
                    .description("Events waiting for the webhook receiver on this node").register(meters.registry());
            http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        }
    }

    /** The sender starts with the application, when a receiver is configured. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (!settings.enabled()) {
            LOG.log(System.Logger.Level.INFO, "webhooks off: no roomcast.webhook-url");
            return;
        }
        sender = new Thread(this::sendUntilStopped, "roomcast-webhooks");
        sender.setDaemon(true);
        sender.start();
        LOG.log(System.Logger.Level.INFO, "webhooks on: {0}, {1} secrets, messages of rooms {2}", settings.url(),
                settings.secrets().size(), settings.messageRooms().isEmpty() ? "(none)" : settings.messageRooms());
    }

    @Override
    public void report(BackendEvent event) {
        if (queue == null) {
            return;
        }
        if (!queue.offer(new Queued(event, System.nanoTime()))) {
            overflowed(1);
        }
    }

    @Override
    public boolean reportsMessages(String room) {
        return queue != null && settings.messageRooms().matches(room);
    }

    @Override
    public Log log() {
        return queue == null ? null
                : new Log(settings.queueLimit(), settings.batchSize(), settings.batchDelay(), settings.maxAge());
    }

    @Override
    public void deliver(List<BackendEvent> events) throws InterruptedException {
        if (events.isEmpty()) {
            return;
        }
        long reportedAt = System.nanoTime()
                - TimeUnit.MILLISECONDS.toNanos(Math.max(0, System.currentTimeMillis() - events.get(0).time()));
        deliver(events, reportedAt, body(new JsonEncoder(), events));
    }

    @Override
    public void overflowed(long events) {
        overflowed.increment(events);
        long now = System.currentTimeMillis();
        long last = lastOverflowLog.get();
        if (now - last >= OVERFLOW_LOG_MILLIS && lastOverflowLog.compareAndSet(last, now)) {
            LOG.log(System.Logger.Level.WARNING, "the webhook queue (or, on a cluster, a room''s event log) is full "
                    + "({0} events): new events are not sent (roomcast_webhook_events_total'{'outcome=\"overflow\"'}' "
                    + "counts them)", settings.queueLimit());
        }
    }

    @PreDestroy
    void stop() {
        if (sender != null) {
            sender.interrupt();
        }
    }

    private Counter counter(String outcome, String description) {
        return Counter.builder("roomcast.webhook.events").tag("outcome", outcome).description(description)
                .register(meters.registry());
    }

    private void sendUntilStopped() {
        JsonEncoder encoder = new JsonEncoder();
        List<Queued> batch = new ArrayList<>(settings.batchSize());
        try {
            while (!Thread.currentThread().isInterrupted()) {
                batch.add(queue.take());
                long until = System.nanoTime() + settings.batchDelay().toNanos();
                while (batch.size() < settings.batchSize()) {
                    Queued next = queue.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                List<BackendEvent> events = batch.stream().map(Queued::event).toList();
                deliver(events, batch.get(0).reportedAt(), body(encoder, events));
                batch.clear();
            }
        } catch (InterruptedException stopped) {
            int left = batch.size() + queue.size();
            if (left > 0) {
                givenUp.increment(left);
                LOG.log(System.Logger.Level.WARNING, "stopping with {0} webhook events not delivered", left);
            }
        }
    }

    private static String body(JsonEncoder encoder, List<BackendEvent> events) {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            body.append(i == 0 ? "" : ",").append(encoder.encode(events.get(i)));
        }
        return body.append("]}").toString();
    }

    /**
     * Sends {@code body} (the {@code batch}) until the receiver takes it or its oldest event, reported at
     * {@code reportedAt} (nanoTime), is too old; the attempts wait in between. Safe on several threads at once.
     */
    private void deliver(List<BackendEvent> batch, long reportedAt, String body) throws InterruptedException {
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            String failure = attempt(body);
            if (failure == null) {
                delivered.increment(batch.size());
                return;
            }
            failedAttempts.increment();
            long age = System.nanoTime() - reportedAt;
            if (age >= settings.maxAge().toNanos()) {
                givenUp.increment(batch.size());
                LOG.log(System.Logger.Level.WARNING, "gave up {0} webhook events after {1} s ({2}); first: {3}",
                        batch.size(), TimeUnit.NANOSECONDS.toSeconds(age), failure, batch.get(0).id());
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "webhook attempt failed ({0}); retrying in about {1} ms", failure, backoff);
            Thread.sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
        }
    }

    /** One request; null when the receiver accepted it, else why not. */
    private String attempt(String body) throws InterruptedException {
        HttpRequest request = Signature.post(settings.url(), settings.timeout(), settings.secrets(), body);
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }
}
