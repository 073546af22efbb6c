package dev.roomcast.registry;

import dev.roomcast.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
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
    private volatile boolean accepting = true;
    private Settings settings;
    private DirectWriter.Source directWriters;

    @Inject
    public SessionRegistry(Settings settings, Instance<DirectWriter.Source> directWriters) {
        this.settings = settings;
        this.directWriters = directWriters.isResolvable() ? directWriters.get() : session -> null;
        for (Channel channel : Channel.values()) {
            channels.put(channel, new ConcurrentHashMap<>());
        }
    }

    /** For the CDI proxy only. */
    protected SessionRegistry() {
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
        Outbox outbox = new Outbox(session, directWriters.of(session), settings.sendQueueLimit());
        if (user != null && userOfSession.putIfAbsent(session.getId(), user) == null) {
            sessionsOfUser.compute(user, (name, sessions) -> {
                Map<String, Outbox> of = sessions == null ? new ConcurrentHashMap<>() : sessions;
                of.put(session.getId(), outbox);
                return of;
            });
        }
        channels.get(channel).put(session.getId(), outbox);
        if (!accepting) {
            remove(session);
            outbox.close(Outbox.SHUTTING_DOWN);
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

    public void remove(Session session) {
        for (Map<String, Outbox> sessions : channels.values()) {
            sessions.remove(session.getId());
        }
        forgetUser(session.getId());
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
