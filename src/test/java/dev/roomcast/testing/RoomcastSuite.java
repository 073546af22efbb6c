package dev.roomcast.testing;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of every behavioural test class: Arquillian deploys the real WAR ({@code target/roomcast.war}) to
 * the runtime the Maven profile chose (the standalone runner by default, or Payara Micro, or WildFly),
 * and the tests talk to it from outside, as clients, through {@link #server}.
 *
 * <p>Runtime-specific classes are tagged {@code standalone-only}; the container profiles leave them out.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class RoomcastSuite {

    @ArquillianResource
    private URL deployment;

    protected ServerUnderTest server;

    /** The runtime under test, as the Maven profile set it: standalone, payara or wildfly. */
    protected static String runtime() {
        return System.getProperty("roomcast.runtime", "standalone");
    }

    @Deployment(testable = false)
    public static WebArchive war() {
        File war = new File(System.getProperty("roomcast.war", "target/roomcast.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * Every runtime runs on this machine, so tests talk to it over loopback, whatever address the adapter
     * reports (Payara Micro's is the machine's outward one, where every connection waits on name lookups).
     */
    @BeforeEach
    void locateServer() throws URISyntaxException {
        URI reported = deployment.toURI();
        server = new ServerUnderTest(new URI(reported.getScheme(), null, "127.0.0.1", reported.getPort(),
                reported.getPath(), null, null));
    }
}
