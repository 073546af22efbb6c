package dev.roomcast.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsWhenNothingIsGiven() {
        assertEquals(new Options("0.0.0.0", 8080, Path.of("webapp"), false, null, null, false),
                Options.parse(new String[0], name -> null));
    }

    @Test
    void argumentsBeatTheEnvironment() {
        Map<String, String> environment = Map.of("ROOMCAST_PORT", "9000", "ROOMCAST_HOST", "10.0.0.1");
        Options options = Options.parse(new String[] {"--port", "9001"}, environment::get);
        assertEquals(9001, options.port());
        assertEquals("10.0.0.1", options.host());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--port", "70000"}, n -> null));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--port"}, n -> null));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--colour"}, n -> null));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--tls-keystore", "k.p12"}, n -> null), "a keystore needs its password");
        assertThrows(IllegalArgumentException.class, () -> Options.parse(
                new String[] {"--tls-keystore", "k.p12", "--tls-password", "x", "--tls-self-signed"}, n -> null));
    }

    @Test
    void flagsTakeNoValue() {
        Options options = Options.parse(new String[] {"--dev", "--tls-self-signed", "--port", "0"}, n -> null);
        assertEquals(true, options.dev());
        assertEquals(true, options.tls());
        assertEquals(0, options.port());
    }
}
