package dev.roomcast.standalone;

import com.nimbusds.jose.JOSEException;
import dev.roomcast.api.MetricsApi;
import dev.roomcast.api.ServerApi;
import dev.roomcast.chat.ChatService;
import dev.roomcast.cluster.RoomStoreSelection;
import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.concurrent.ThreadStripes;
import dev.roomcast.config.Settings;
import dev.roomcast.endpoint.BroadcastEndpoint;
import dev.roomcast.endpoint.ChatEndpoint;
import dev.roomcast.endpoint.EchoEndpoint;
import dev.roomcast.endpoint.JsonEndpoint;
import dev.roomcast.health.HealthApi;
import dev.roomcast.health.HealthCheck;
import dev.roomcast.message.JsonCodec;
import dev.roomcast.metrics.Meters;
import dev.roomcast.proxy.HttpProxies;
import dev.roomcast.registry.SessionRegistry;
import dev.roomcast.room.InMemoryRoomStore;
import dev.roomcast.security.HandshakeGuard;
import dev.roomcast.security.Identity;
import dev.roomcast.webhook.Webhooks;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.Unmanaged;
import jakarta.inject.Singleton;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The development server: the WAR's endpoint classes on Tyrus, with CDI from Weld SE, and the static
 * {@code webapp/} files, {@code /health}, and the server API ({@code /api/}) and {@code /metrics} (Jersey) on the
 * same port. No application server needed.
 */
public final class StandaloneServer implements AutoCloseable {

    /** The WAR's endpoints; a servlet container finds them by scanning, this runner lists them. */
    public static final Set<Class<?>> ENDPOINTS =
            Set.of(EchoEndpoint.class, BroadcastEndpoint.class, JsonEndpoint.class, ChatEndpoint.class);

    private static final System.Logger LOG = System.getLogger(StandaloneServer.class.getName());
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** Threads that serve the server API and /metrics, whose calls may wait for Redis. */
    private static final int API_WORKERS = 4;
    /**
     * Tyrus's read buffer, which holds whatever one socket read brings (often several frames). Past it
     * Tyrus closes with 1011, so it stays well above the message limit, which answers with 1009; memory is
     * only taken as data actually arrives. Tyrus's own default is 4 MiB.
     */
    private static final int MIN_READ_BUFFER_BYTES = 4 * 1024 * 1024;

    private final WeldContainer cdi;
    private final StandaloneContainer websockets;
    private final ThreadStripes writeThreads;
    private final ExecutorService apiWorkers;
    private final HttpServer http;
    private final URI url;
    private boolean closed;

    private StandaloneServer(WeldContainer cdi, StandaloneContainer websockets, ThreadStripes writeThreads,
            ExecutorService apiWorkers, HttpServer http, URI url) {
        this.cdi = cdi;
        this.websockets = websockets;
        this.writeThreads = writeThreads;
        this.apiWorkers = apiWorkers;
        this.http = http;
        this.url = url;
    }

    public static StandaloneServer start(Options options) throws IOException, DeploymentException {
        return start(options, ENDPOINTS);
    }

    /** Starts a server with {@code endpoints} instead of the WAR's own set (embedding, tests). */
    public static StandaloneServer start(Options options, Set<Class<?>> endpoints)
            throws IOException, DeploymentException {
        if (options.dev() && Settings.lookup("jwt-secret") == null) {
            // Development only: tokens from /dev/token verify with a secret that lives as long as the process.
            System.setProperty("roomcast.jwt-secret", UUID.randomUUID() + "-" + UUID.randomUUID());
        }
        Weld weld = new Weld()
                .disableDiscovery()
                .setBeanDiscoveryMode(BeanDiscoveryMode.ANNOTATED)
                .addPackages(true, Settings.class, JsonCodec.class, SessionRegistry.class, InMemoryRoomStore.class,
                        RoomStoreSelection.class, ChatService.class, EchoEndpoint.class, HealthCheck.class,
                        Identity.class, ServerApi.class, Meters.class, Scheduler.class, Webhooks.class, HttpProxies.class)
                .addBeanClass(SocketWriter.OpeningSessions.class);
        // Without discovery, portable extensions (Hibernate Validator's, which makes Validator injectable)
        // are not found on their own.
        ServiceLoader.load(Extension.class).forEach(weld::addExtension);
        WeldContainer cdi = weld.initialize();
        try {
            Settings settings = cdi.select(Settings.class).get();
            // Made before the endpoints are deployed, so that a bad security setting stops the start with its own
            // sentence rather than inside Tyrus's deployment error.
            HandshakeGuard guard = cdi.select(HandshakeGuard.class).get();
            StandaloneContainer websockets =
                    new StandaloneContainer(endpoints, Math.max(MIN_READ_BUFFER_BYTES, 4 * settings.maxFrameBytes()));
            websockets.start("", options.port());

            HttpServer http = new HttpServer();
            NetworkListener listener = new NetworkListener("roomcast", options.host(), options.port());
            // Endpoint code never blocks (outboxes write asynchronously, rooms run on lock-free serial executors),
            // so frames are handled on the selector threads that read them, one per core, without a hand-off
            // to a worker pool: this halved the CPU per echo round trip (docs/PERFORMANCE.md).
            listener.getTransport().setIOStrategy(SameThreadIOStrategy.getInstance());
            listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
            // The guard goes first, so that it sees every upgrade request before Tyrus does.
            listener.registerAddOn(new HandshakeGuardAddOn(guard, cdi.select(Scheduler.class).get(),
                    Duration.ofSeconds(guard.limits().headerTimeoutSeconds()),
                    Duration.ofSeconds(guard.limits().keepAliveSeconds())));
            ThreadStripes writeThreads = new ThreadStripes("roomcast-writer");
            ExecutorService apiWorkers = Executors.newFixedThreadPool(API_WORKERS, new ThreadFactory() {
                private final AtomicInteger count = new AtomicInteger();

                @Override
                public Thread newThread(Runnable task) {
                    Thread thread = new Thread(task, "roomcast-api-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }
            });
            listener.registerAddOn(new WebSocketFilters(websockets.getWebSocketEngine(), writeThreads));
            if (options.tls()) {
                Tls.secure(listener, options);
            }
            http.addListener(listener);
            // On the selector threads, unlike the API: a health check never waits, and must answer while the
            // API's workers wait for a Redis that is away.
            http.getServerConfiguration().addHttpHandler(jakartaRest(cdi, HealthApi.CLASSES), "/health");
            http.getServerConfiguration().addHttpHandler(
                    new OnWorkers(jakartaRest(cdi, ServerApi.CLASSES), apiWorkers), "/api");
            http.getServerConfiguration().addHttpHandler(
                    new OnWorkers(jakartaRest(cdi, MetricsApi.CLASSES), apiWorkers), "/metrics");
            if (options.dev()) {
                http.getServerConfiguration().addHttpHandler(new DevTokenHandler(guard.settings()), "/dev/token");
                LOG.log(System.Logger.Level.WARNING, "development mode: anyone can get a token at /dev/token");
            }
            if (Files.isDirectory(options.webapp())) {
                http.getServerConfiguration().addHttpHandler(new WebappHandler(options.webapp()), "/");
            } else {
                LOG.log(System.Logger.Level.WARNING, "no static files: {0} is not a folder", options.webapp());
            }
            http.start();
            // An encoded slash in a path parameter (a room named "a/b") is the resource's to refuse with a 400 and an
            // error body, as on the application servers; Grizzly's own refusal is a bare 500.
            http.getHttpHandler().setAllowEncodedSlash(true);

            String host = options.host().equals("0.0.0.0") || options.host().equals("::") ? "localhost"
                    : options.host();
            URI url = URI.create((options.tls() ? "https://" : "http://") + host + ":" + listener.getPort() + "/");
            return new StandaloneServer(cdi, websockets, writeThreads, apiWorkers, http, url);
        } catch (JOSEException e) {
            cdi.shutdown();
            throw new IllegalArgumentException("roomcast.jwt-secret cannot sign dev tokens", e);
        } catch (IOException | DeploymentException | RuntimeException e) {
            cdi.shutdown();
            throw e;
        }
    }

    /**
     * A Jakarta REST application's {@code classes} on Jersey. Jersey's own CDI integration looks for a server's BeanManager, so
     * the resources are made by Weld here (injected, then bound in Jersey's injector as the singletons of their
     * classes, so that Jersey does not make or inject them itself), as the endpoints are made by Weld for Tyrus.
     */
    private static GrizzlyHttpContainer jakartaRest(WeldContainer cdi, Set<Class<?>> classes) {
        ResourceConfig api = new ResourceConfig(classes).property(ServerProperties.WADL_FEATURE_DISABLE, true);
        api.register(new AbstractBinder() {
            @Override
            protected void configure() {
                for (Class<?> type : classes) {
                    bindTo(type);
                }
            }

            private <T> void bindTo(Class<T> type) {
                T instance = injected(cdi, type);
                bindFactory(() -> instance).to(type).in(Singleton.class);
            }
        });
        return ContainerFactory.createContainer(GrizzlyHttpContainer.class, api);
    }

    private static <T> T injected(WeldContainer cdi, Class<T> type) {
        return new Unmanaged<>(cdi.getBeanManager(), type).newInstance().produce().inject().postConstruct().get();
    }

    /** Where the server listens, for example {@code http://localhost:8080/}. */
    public URI url() {
        return url;
    }

    /** Closes every session with 1001, then stops listening and shuts CDI down. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        cdi.select(SessionRegistry.class).get().shutdown(CLOSE_GRACE);
        http.shutdownNow();
        writeThreads.close();
        apiWorkers.shutdownNow();
        websockets.stop();
        cdi.shutdown();
    }
}
