package dev.roomcast.registry;

import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.config.Settings;
import dev.roomcast.container.IdleTimeouts;
import dev.roomcast.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open WebSocket session of this node, by channel, each with its {@link Outbox}.
 *
 * <p>Endpoint instances are created per connection (and Tyrus ignores their CDI scope), so the shared
 * state lives here, in one application-scoped bean. A session enters on open and leaves on close or
 * error; {@link #sweep()} removes any whose close callback never came (an abrupt drop on some
 * containers), so the registry cannot leak.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final System.Logger LOG = System.getLogger(SessionRegistry.class.getName());

    private final Map<Channel, Map<String, Outbox>> channels = new EnumMap<>(Channel.class);
    /**
     * The user of each session that has one (chat), and each user's sessions: for per-user limits, and so that
     * the application can reach or disconnect a user.
     */
    private final Map<String, String> userOfSession = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Outbox>> sessionsOfUser = new ConcurrentHashMap<>();
    private final Map<Channel, Counter> received = new EnumMap<>(Channel.class);
    private volatile boolean accepting = true;
    private Settings settings;
    private DirectWriter.Source directWriters;
    private Outbox.Meters outboxMeters;
    private Scheduler scheduler;

    /** How often {@link #sweep()} looks for sessions whose close was never reported. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);

    @Inject
    public SessionRegistry(Settings settings, Instance<DirectWriter.Source> directWriters, Meters meters,
                           Scheduler scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.directWriters = directWriters.isResolvable() ? directWriters.get() : session -> null;
        MeterRegistry registry = meters.registry();
        for (Channel channel : Channel.values()) {
            Map<String, Outbox> sessions = new ConcurrentHashMap<>();
            channels.put(channel, sessions);
            String endpoint = channel.name().toLowerCase(Locale.ROOT);
            Gauge.builder("roomcast.connections", sessions, Map::size).tag("endpoint", endpoint)
                    .description("Open WebSocket connections on this node").register(registry);
            received.put(channel, Counter.builder("roomcast.messages.received").tag("endpoint", endpoint)
                    .description("Messages received from clients").register(registry));
        }
        Gauge.builder("roomcast.users", sessionsOfUser, Map::size)
                .description("Users with a chat connection on this node").register(registry);
        Gauge.builder("roomcast.send.queue.depth.max", this, self -> self.queueDepth(1.0))
                .description("The longest send queue of any connection on this node").register(registry);
        Gauge.builder("roomcast.send.queue.depth.p99", this, self -> self.queueDepth(0.99))
                .description("The 99th percentile of the connections' send queue lengths").register(registry);
        outboxMeters = new Outbox.Meters(
                Counter.builder("roomcast.messages.delivered").description("Messages written to clients")
                        .register(registry),
                Counter.builder("roomcast.slow.consumer.closes")
                        .description("Connections closed with 1013 because they fell too far behind").register(registry));
    }

    /** For the CDI proxy only. */
    protected SessionRegistry() {
    }

    void startSweeping(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        scheduler.every(SWEEP_INTERVAL, this::sweep);
    }

    /**
     * Admits a freshly opened session: applies the size limit and gives it an outbox. During shutdown the
     * session is closed with 1001 instead, so nothing is accepted once shutdown has begun.
     */
    public Outbox open(Session session, Channel channel) {
        return open(session, channel, null);
    }

    /** {@link #open(Session, Channel)} for a session of a known {@code user}, who is counted against it. */
    public Outbox open(Session session, Channel channel, String user) {
        session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
        session.setMaxBinaryMessageBufferSize(settings.maxFrameBytes());
        IdleTimeouts.disable(session); // dead connections are found by the heartbeat instead
        Outbox outbox = new Outbox(session, directWriters.of(session), settings.sendQueueLimit(), outboxMeters);
        if (user != null && userOfSession.putIfAbsent(session.getId(), user) == null) {
            sessionsOfUser.compute(user, (name, sessions) -> {
                Map<String, Outbox> of = sessions == null ? new ConcurrentHashMap<>() : sessions;
                of.put(session.getId(), outbox);
                return of;
            });
        }
        channels.get(channel).put(session.getId(), outbox);
        if (!accepting) {
            outbox.close(Outbox.SHUTTING_DOWN);
            remove(session);
        }
        return outbox;
    }

    /** The outbox of an open session, or null once it has left. */
    public Outbox outbox(Session session) {
        for (Map<String, Outbox> sessions : channels.values()) {
            Outbox outbox = sessions.get(session.getId());
            if (outbox != null) {
                return outbox;
            }
        }
        return null;
    }

    /**
     * The end of a session's life, whichever way it ended: its close, an error, or {@link #sweep()} finding it
     * closed without either. The one place where a connection is torn down: its outbox stops writing and runs
     * what its owner registered ({@link Outbox#whenGone}), once.
     */
    public void remove(Session session) {
        Outbox removed = null;
        for (Map<String, Outbox> sessions : channels.values()) {
            Outbox outbox = sessions.remove(session.getId());
            removed = outbox != null ? outbox : removed;
        }
        forgetUser(session.getId());
        if (removed != null) {
            removed.ended();
        }
    }

    /** Counts a message a client sent on {@code channel}. */
    public void received(Channel channel) {
        received.get(channel).increment();
    }

    /** The {@code quantile} (1.0: the maximum) of the send queue lengths, read when metrics are scraped. */
    private double queueDepth(double quantile) {
        int[] depths = channels.values().stream().flatMap(sessions -> sessions.values().stream())
                .mapToInt(Outbox::queued).sorted().toArray();
        return depths.length == 0 ? 0 : depths[(int) Math.ceil(quantile * depths.length) - 1];
    }

    /** The sessions {@code user} holds open on this node. */
    public int sessionsOf(String user) {
        Map<String, Outbox> sessions = sessionsOfUser.get(user);
        return sessions == null ? 0 : sessions.size();
    }

    /** The outboxes of the sessions {@code user} holds open on this node. */
    public Collection<Outbox> outboxesOf(String user) {
        Map<String, Outbox> sessions = sessionsOfUser.get(user);
        return sessions == null ? List.of() : List.copyOf(sessions.values());
    }

    private void forgetUser(String sessionId) {
        String user = userOfSession.remove(sessionId);
        if (user != null) {
            sessionsOfUser.computeIfPresent(user, (key, sessions) -> {
                sessions.remove(sessionId);
                return sessions.isEmpty() ? null : sessions;
            });
        }
    }

    /** Queues {@code text} once for every session of {@code channel} except {@code sender}. */
    public void broadcast(Channel channel, String text, Session sender) {
        for (Outbox outbox : channels.get(channel).values()) {
            if (outbox.session() != sender) {
                outbox.offer(text);
            }
        }
    }

    public int size() {
        return channels.values().stream().mapToInt(Map::size).sum();
    }

    public boolean isAccepting() {
        return accepting;
    }

    /** Drops sessions that are no longer open but were never reported closed. */
    public void sweep() {
        for (Map<String, Outbox> sessions : channels.values()) {
            for (Outbox outbox : sessions.values()) {
                if (!outbox.session().isOpen()) {
                    remove(outbox.session());
                }
            }
        }
    }

    /**
     * Stops accepting sessions, closes every open one with 1001 and waits up to {@code grace} for their
     * close handshakes, so that clients learn the server is going away rather than seeing a dropped socket.
     */
    public void shutdown(Duration grace) {
        accepting = false;
        channels.values().forEach(sessions -> sessions.values().forEach(outbox -> outbox.close(Outbox.SHUTTING_DOWN)));
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline) {
            sweep();
            if (size() == 0) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.log(System.Logger.Level.INFO, "{0} sessions had not closed after {1}", size(), grace);
    }

    @PreDestroy
    void stop() {
        if (accepting) {
            shutdown(Duration.ofSeconds(2));
        }
    }
}
