package dev.roomcast.standalone;

import dev.roomcast.config.SettingReader;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Command-line options of the standalone runner; each falls back to an environment variable.
 *
 * @param host interface to listen on
 * @param port TCP port; 0 picks a free one
 * @param webapp folder of static files served at {@code /}
 * @param dev development mode: {@code /dev/token} mints tokens, with a random secret if none is configured
 * @param tlsKeystore PKCS#12 keystore to serve https and wss with, or null
 * @param tlsPassword the keystore's password
 * @param tlsSelfSigned serve https and wss with a self-signed certificate made at start
 */
public record Options(String host, int port, Path webapp, boolean dev, Path tlsKeystore, String tlsPassword,
                      boolean tlsSelfSigned) {

    static final String USAGE = """
            usage: roomcast [--host HOST] [--port PORT] [--webapp DIR] [--dev]
                            [--tls-keystore FILE --tls-password PASSWORD | --tls-self-signed]
              --host             interface to listen on (ROOMCAST_HOST, default 0.0.0.0)
              --port             TCP port, 0 for any free one (ROOMCAST_PORT, default 8080)
              --webapp           static files served at / (ROOMCAST_WEBAPP, default ./webapp)
              --dev              development mode: GET /dev/token?name=alice mints a token (ROOMCAST_DEV)
              --tls-keystore     PKCS#12 keystore: serve https:// and wss:// (ROOMCAST_TLS_KEYSTORE)
              --tls-password     its password (ROOMCAST_TLS_PASSWORD)
              --tls-self-signed  https:// and wss:// with a certificate made at start, for development""";

    public static Options defaults() {
        return new Options("0.0.0.0", 8080, Path.of("webapp"), false, null, null, false);
    }

    /** Parses {@code args}; anything not given there comes from {@code environment}, then the defaults. */
    public static Options parse(String[] args, Function<String, String> environment) {
        Options defaults = defaults();
        // The environment's values are settings like any other: a mistake in one names it (exit status 1).
        SettingReader env = new SettingReader(name -> environment.apply(SettingReader.environmentName(name)));
        String host = Objects.requireNonNullElse(env.text("host"), defaults.host());
        String port = Objects.requireNonNullElse(env.text("port"), String.valueOf(defaults.port()));
        String webapp = Objects.requireNonNullElse(env.text("webapp"), defaults.webapp().toString());
        boolean dev = env.flag("dev", false);
        String keystore = env.text("tls-keystore");
        String password = env.text("tls-password");
        boolean selfSigned = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--host" -> host = required("--host", value);
                case "--port" -> port = required("--port", value);
                case "--webapp" -> webapp = required("--webapp", value);
                case "--tls-keystore" -> keystore = required("--tls-keystore", value);
                case "--tls-password" -> password = required("--tls-password", value);
                case "--dev" -> {
                    dev = true;
                    continue;
                }
                case "--tls-self-signed" -> {
                    selfSigned = true;
                    continue;
                }
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
            i++;
        }
        if (keystore != null && selfSigned) {
            throw new IllegalArgumentException("--tls-keystore and --tls-self-signed exclude each other");
        }
        if (keystore != null && password == null) {
            throw new IllegalArgumentException("--tls-keystore needs --tls-password (or ROOMCAST_TLS_PASSWORD)");
        }
        return new Options(host, parsePort(port), Path.of(webapp), dev, keystore == null ? null : Path.of(keystore),
                password, selfSigned);
    }

    public boolean tls() {
        return tlsKeystore != null || tlsSelfSigned;
    }

    public Options withHost(String newHost) {
        return new Options(newHost, port, webapp, dev, tlsKeystore, tlsPassword, tlsSelfSigned);
    }

    public Options withPort(int newPort) {
        return new Options(host, newPort, webapp, dev, tlsKeystore, tlsPassword, tlsSelfSigned);
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
