package dev.roomcast.testing;

import dev.roomcast.standalone.Options;
import dev.roomcast.standalone.StandaloneServer;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Supplies a {@link ServerUnderTest}: the server at {@code -Droomcast.baseUrl} when that is set (a WAR
 * deployed to Payara or WildFly), otherwise a standalone server started in this JVM on a free port, once
 * for the whole run, and stopped when the run ends.
 */
public class RoomcastExtension implements ParameterResolver {

    /** Endpoints that exist only in tests, to provoke failures no real input can cause. */
    public static final String TEST_ENDPOINTS = "dev.roomcast.endpoint.ThrowingEndpoint";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ServerUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String deployed = System.getProperty("roomcast.baseUrl");
        if (deployed != null && !deployed.isBlank()) {
            return new ServerUnderTest(URI.create(deployed));
        }
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(RunningServer.class, key -> RunningServer.start(), RunningServer.class)
                .server();
    }

    /** True when the tests run against the in-process standalone server, where test-only endpoints exist. */
    public static boolean isStandalone() {
        String deployed = System.getProperty("roomcast.baseUrl");
        return deployed == null || deployed.isBlank();
    }

    private record RunningServer(StandaloneServer standalone, ServerUnderTest server)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        static RunningServer start() {
            try {
                Set<Class<?>> endpoints = new java.util.HashSet<>(StandaloneServer.ENDPOINTS);
                endpoints.add(Class.forName(TEST_ENDPOINTS));
                StandaloneServer standalone = StandaloneServer.start(
                        Options.defaults().withHost("127.0.0.1").withPort(0), endpoints);
                return new RunningServer(standalone, new ServerUnderTest(standalone.url()));
            } catch (Exception e) {
                throw new ParameterResolutionException("the standalone server did not start", e);
            }
        }

        @Override
        public void close() {
            standalone.close();
        }
    }
}
