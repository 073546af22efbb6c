package dev.roomcast.testing.arquillian;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers the standalone container unless a container profile chose another runtime: Arquillian
 * refuses to start with two container adapters on the class path.
 */
public class StandaloneExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        if ("standalone".equals(System.getProperty("roomcast.runtime", "standalone"))) {
            builder.service(DeployableContainer.class, StandaloneDeployableContainer.class);
        }
    }
}
