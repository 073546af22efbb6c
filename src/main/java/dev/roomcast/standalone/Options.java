package dev.roomcast.standalone;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Command-line options of the standalone runner; each falls back to an environment variable.
 *
 * @param host interface to listen on
 * @param port TCP port; 0 picks a free one
 * @param webapp folder of static files served at {@code /}
 */
public record Options(String host, int port, Path webapp) {

    static final String USAGE = """
            usage: roomcast [--host HOST] [--port PORT] [--webapp DIR]
              --host    interface to listen on (ROOMCAST_HOST, default 0.0.0.0)
              --port    TCP port, 0 for any free one (ROOMCAST_PORT, default 8080)
              --webapp  static files served at / (ROOMCAST_WEBAPP, default ./webapp)""";

    public static Options defaults() {
        return new Options("0.0.0.0", 8080, Path.of("webapp"));
    }

    /** Parses {@code args}; anything not given there comes from {@code environment}, then the defaults. */
    public static Options parse(String[] args, Function<String, String> environment) {
        Options defaults = defaults();
        String host = orDefault(environment.apply("ROOMCAST_HOST"), defaults.host());
        String port = orDefault(environment.apply("ROOMCAST_PORT"), String.valueOf(defaults.port()));
        String webapp = orDefault(environment.apply("ROOMCAST_WEBAPP"), defaults.webapp().toString());
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--host" -> host = required("--host", value);
                case "--port" -> port = required("--port", value);
                case "--webapp" -> webapp = required("--webapp", value);
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
            i++;
        }
        return new Options(host, parsePort(port), Path.of(webapp));
    }

    public Options withHost(String newHost) {
        return new Options(newHost, port, webapp);
    }

    public Options withPort(int newPort) {
        return new Options(host, newPort, webapp);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static int parsePort(String port) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 0 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("port must be a number from 0 to 65535, not '" + port + "'");
    }
}
