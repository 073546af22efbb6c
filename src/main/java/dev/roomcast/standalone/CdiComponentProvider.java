package dev.roomcast.standalone;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.Unmanaged;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.tyrus.core.ComponentProvider;

/**
 * Lets Tyrus create endpoints (and their decoders) through CDI, so {@code @Inject} works in the same
 * classes that an application server injects itself.
 *
 * <p>Tyrus's own CDI support looks the BeanManager up in JNDI, which Weld SE does not have. This provider
 * is registered through {@code META-INF/services}, a file the WAR leaves out, because on a server the
 * container's own injection must stay in charge.
 */
public class CdiComponentProvider extends ComponentProvider {

    /**
     * One per endpoint class: building it (an injection target, its injection points) costs about half a
     * kilobyte that would otherwise stay alive with every connection.
     */
    private final Map<Class<?>, Unmanaged<?>> unmanaged = new ConcurrentHashMap<>();
    private final Map<Object, Unmanaged.UnmanagedInstance<?>> created = new ConcurrentHashMap<>();

    @Override
    public boolean isApplicable(Class<?> type) {
        return type.getName().startsWith("dev.roomcast.");
    }

    @Override
    public <T> Object create(Class<T> type) {
        @SuppressWarnings("unchecked")
        Unmanaged<T> forType = (Unmanaged<T>) unmanaged.computeIfAbsent(type,
                key -> new Unmanaged<>(CDI.current().getBeanManager(), key));
        Unmanaged.UnmanagedInstance<T> instance = forType.newInstance();
        T object = instance.produce().inject().postConstruct().get();
        created.put(object, instance);
        return object;
    }

    @Override
    public boolean destroy(Object object) {
        Unmanaged.UnmanagedInstance<?> instance = created.remove(object);
        if (instance == null) {
            return false;
        }
        instance.preDestroy().dispose();
        return true;
    }
}
