package dev.roomcast.concurrent;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Timers for the whole application: presence grace periods, heartbeats, the registry sweep, token expiry.
 *
 * <p>On an application server the periodic work runs on the container's default managed scheduled executor;
 * the standalone runner has no JNDI, so there it falls back to one daemon thread of its own. A failing task
 * is logged and never cancels its own schedule.
 *
 * <p>One-off timers (a token's expiry, a presence grace period, a slow handshake's deadline) run on a thread
 * of the application's own everywhere, whose queue drops a cancelled timer at once. Most of them are
 * cancelled (the connection closed first), and a scheduler left to its default (Java's
 * {@code ScheduledThreadPoolExecutor}, under the containers' managed ones too) keeps a cancelled task queued
 * until it would have been due, and with it everything the task holds: closed connections' token-expiry
 * timers kept every connection of the token's lifetime reachable, and the soak run's heap grew by a
 * megabyte a minute.
 *
 * <p>A container's executor outlives the application: WildFly goes on running an undeployed WAR's periodic
 * tasks (each then fails against the dead CDI container, and keeps its class loader alive). So the
 * application's end cancels every periodic task it started and turns any one-off task still due into a no-op.
 */
@ApplicationScoped
public class Scheduler {

    private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());

    private final Set<ScheduledFuture<?>> periodic = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private ScheduledExecutorService executor;
    private ScheduledExecutorService ownExecutor;
    private ScheduledThreadPoolExecutor timers;

    public ScheduledFuture<?> every(Duration interval, Runnable task) {
        long millis = interval.toMillis();
        ScheduledFuture<?> future =
                executor().scheduleWithFixedDelay(guarded(task), millis, millis, TimeUnit.MILLISECONDS);
        periodic.add(future);
        return future;
    }

    /** Runs {@code task} once after {@code delay}; cancelling the returned future forgets the task at once. */
    public ScheduledFuture<?> after(Duration delay, Runnable task) {
        return timers().schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            if (stopped) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "scheduled task failed", e);
            }
        };
    }

    private synchronized ScheduledThreadPoolExecutor timers() {
        if (timers == null) {
            timers = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "roomcast-timers");
                thread.setDaemon(true);
                return thread;
            });
            timers.setRemoveOnCancelPolicy(true);
        }
        return timers;
    }

    private synchronized ScheduledExecutorService executor() {
        if (executor == null) {
            try {
                executor = InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
            } catch (NamingException | RuntimeException noContainer) {
                ownExecutor = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "roomcast-scheduler");
                    thread.setDaemon(true);
                    return thread;
                });
                executor = ownExecutor;
            }
        }
        return executor;
    }

    @PreDestroy
    public synchronized void stop() {
        stopped = true;
        periodic.forEach(future -> future.cancel(false));
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
        if (timers != null) {
            timers.shutdownNow();
        }
    }
}
