package dev.roomcast.container;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns a session's idle timeout off, because dead connections are found by heartbeats, and makes sure that
 * "off" costs nothing per message.
 *
 * <p>The portable part is {@code setMaxIdleTimeout(-1)}: zero and negative both mean "never", but Tyrus
 * skips its timer only for a negative value. The rest is a fast path for Tyrus 2.1.5 as Payara ships it
 * ({@code 2.1.5.payara-p2}), which reschedules a session's idle-timeout task on every message received and
 * every message sent even when the timeout is off. Its scheduler there is Payara's managed executor, which
 * captures the thread's context for each task by asking the {@link java.util.ServiceLoader} for context
 * providers through the web application's class loader: a scan of the server's jar files, 56 to 70% of
 * Payara's CPU on an echo (docs/PERFORMANCE.md, "Payara Micro"). So on a Tyrus session, the session's scheduler
 * is wrapped so that a task due at once or earlier, which is what a disabled timeout schedules, is skipped:
 * that task would find the timeout off and do nothing. Everything else goes to the container's scheduler
 * as before. Where the field is not there (another Tyrus version, another container) nothing is changed.
 */
public final class IdleTimeouts {

    private static final System.Logger LOG = System.getLogger(IdleTimeouts.class.getName());

    /** Tyrus's session class and its scheduler field, found on the first Tyrus session. */
    private static final ClassValue<Field> SCHEDULER = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
            if (!type.getName().equals("org.glassfish.tyrus.core.TyrusSession")) {
                return null;
            }
            try {
                Field field = type.getDeclaredField("service");
                if (field.getType() == ScheduledExecutorService.class && field.trySetAccessible()) {
                    LOG.log(System.Logger.Level.INFO, "Tyrus sessions: idle-timeout tasks of disabled timeouts are skipped");
                    return field;
                }
            } catch (NoSuchFieldException | SecurityException e) {
                // another Tyrus: nothing to do
            }
            LOG.log(System.Logger.Level.INFO, "Tyrus sessions keep their own scheduler (no 'service' field to wrap)");
            return null;
        }
    };

    /** What a skipped task's schedule returns: done, never run. */
    private static final ScheduledFuture<Object> SKIPPED = new ScheduledFuture<>() {
        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    };

    private IdleTimeouts() {
    }

    public static void disable(Session session) {
        session.setMaxIdleTimeout(-1);
        Field scheduler = SCHEDULER.get(session.getClass());
        if (scheduler == null) {
            return;
        }
        try {
            ScheduledExecutorService container = (ScheduledExecutorService) scheduler.get(session);
            if (container != null) {
                scheduler.set(session, skippingImmediateTasks(container));
            }
        } catch (IllegalAccessException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not wrap the scheduler of session {0}: {1}", session.getId(), e);
        }
    }

    /**
     * {@code container}, except that {@code schedule(Runnable, delay, unit)} with a delay of zero or less is
     * skipped. A proxy, because the interface has a dozen methods and only one of them changes.
     */
    private static ScheduledExecutorService skippingImmediateTasks(ScheduledExecutorService container) {
        return (ScheduledExecutorService) Proxy.newProxyInstance(IdleTimeouts.class.getClassLoader(),
                new Class<?>[] {ScheduledExecutorService.class}, (proxy, method, args) -> {
                    if (isImmediateSchedule(method, args)) {
                        return SKIPPED;
                    }
                    try {
                        return method.invoke(container, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static boolean isImmediateSchedule(Method method, Object[] args) {
        return method.getName().equals("schedule") && args != null && args.length == 3 && args[0] instanceof Runnable
                && args[1] instanceof Long delay && delay <= 0;
    }
}
