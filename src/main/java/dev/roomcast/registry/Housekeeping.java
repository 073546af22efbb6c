package dev.roomcast.registry;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Periodic chores that keep the registry honest, started with the application.
 *
 * <p>On an application server the work runs on the container's default managed scheduled executor; the
 * standalone runner has no JNDI, so there it falls back to one daemon thread of its own.
 */
@ApplicationScoped
public class Housekeeping {

    static final long SWEEP_SECONDS = 5;

    private static final System.Logger LOG = System.getLogger(Housekeeping.class.getName());

    @Inject
    SessionRegistry registry;

    private ScheduledExecutorService ownExecutor;
    private ScheduledFuture<?> sweeping;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        sweeping = executor().scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    private void sweep() {
        try {
            registry.sweep();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "registry sweep failed", e);
        }
    }

    private ScheduledExecutorService executor() {
        try {
            return InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
        } catch (NamingException | RuntimeException noContainer) {
            ownExecutor = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "roomcast-housekeeping");
                thread.setDaemon(true);
                return thread;
            });
            return ownExecutor;
        }
    }

    @PreDestroy
    void stop() {
        if (sweeping != null) {
            sweeping.cancel(false);
        }
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }
}
