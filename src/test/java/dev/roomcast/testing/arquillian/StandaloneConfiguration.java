package dev.roomcast.testing.arquillian;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/** The standalone container has nothing to configure in arquillian.xml. */
public class StandaloneConfiguration implements ContainerConfiguration {

    @Override
    public void validate() throws ConfigurationException {
        // always valid
    }
}
