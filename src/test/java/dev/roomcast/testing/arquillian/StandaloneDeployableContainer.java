package dev.roomcast.testing.arquillian;

import dev.roomcast.standalone.Options;
import dev.roomcast.standalone.StandaloneServer;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

/**
 * Arquillian's view of the standalone runner: "starting the container" starts a {@link StandaloneServer}
 * in this JVM on a free loopback port, with the test-only endpoints added; "deploying" the WAR is a
 * no-op, because the runner serves the very classes the WAR was built from (target/classes).
 */
public class StandaloneDeployableContainer implements DeployableContainer<StandaloneConfiguration> {

    /** Endpoints that exist only in tests, to provoke failures no real input can cause. */
    private static final String TEST_ENDPOINT = "dev.roomcast.endpoint.ThrowingEndpoint";

    private StandaloneServer server;

    @Override
    public Class<StandaloneConfiguration> getConfigurationClass() {
        return StandaloneConfiguration.class;
    }

    @Override
    public void setup(StandaloneConfiguration configuration) {
        // nothing to configure: the server takes its settings from roomcast.* system properties
    }

    @Override
    public void start() throws LifecycleException {
        try {
            Set<Class<?>> endpoints = new HashSet<>(StandaloneServer.ENDPOINTS);
            endpoints.add(Class.forName(TEST_ENDPOINT));
            server = StandaloneServer.start(Options.defaults().withHost("127.0.0.1").withPort(0), endpoints);
        } catch (Exception e) {
            throw new LifecycleException("the standalone server did not start", e);
        }
    }

    @Override
    public void stop() {
        server.close();
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Local");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        URI url = server.url();
        return new ProtocolMetaData().addContext(
                new HTTPContext(url.getHost(), url.getPort()).add(new Servlet("roomcast", "")));
    }

    @Override
    public void undeploy(Archive<?> archive) {
        // the server keeps serving; it stops with the suite
    }

    @Override
    public void deploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("descriptors are not deployable to the standalone runner");
    }

    @Override
    public void undeploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("descriptors are not deployable to the standalone runner");
    }
}
