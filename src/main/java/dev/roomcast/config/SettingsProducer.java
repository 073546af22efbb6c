package dev.roomcast.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;

/**
 * Makes {@link Settings} injectable. They are read when the application starts, so that a bad setting stops
 * the start (the runner exits; a deployment fails) with its own sentence, not at the first connection.
 */
@ApplicationScoped
public class SettingsProducer {

    private static final System.Logger LOG = System.getLogger(SettingsProducer.class.getName());

    private final Settings settings = Settings.fromEnvironment();

    @Produces
    public Settings settings() {
        return settings;
    }

    void logAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        LOG.log(System.Logger.Level.INFO, "settings: {0}", settings);
    }
}
