package dev.roomcast.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes {@link Settings} injectable; they are read once, when the application starts. */
@ApplicationScoped
public class SettingsProducer {

    private final Settings settings = Settings.fromEnvironment();

    @Produces
    public Settings settings() {
        return settings;
    }
}
