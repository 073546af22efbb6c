package dev.roomcast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaults() {
        Settings settings = Settings.from(name -> null);
        assertEquals(64 * 1024, settings.maxFrameBytes());
        assertEquals(1024, settings.sendQueueLimit());
    }

    @Test
    void readsGivenValues() {
        Settings settings = Settings.from(Map.of("max-frame-bytes", " 1000 ", "send-queue-limit", "7")::get);
        assertEquals(1000, settings.maxFrameBytes());
        assertEquals(7, settings.sendQueueLimit());
    }

    @Test
    void namesTheSettingThatIsWrong() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("send-queue-limit", "lots")::get));
        assertTrue(error.getMessage().contains("ROOMCAST_SEND_QUEUE_LIMIT"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("max-frame-bytes", "0")::get));
    }
}
