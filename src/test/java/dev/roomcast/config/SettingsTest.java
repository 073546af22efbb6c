package dev.roomcast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    @Test
    void defaults() {
        Settings settings = Settings.from(name -> null);
        assertEquals(64 * 1024, settings.maxFrameBytes());
        assertEquals(1024, settings.sendQueueLimit());
        assertEquals(5000, settings.presenceGraceMillis());
    }

    @Test
    void readsGivenValues() {
        Settings settings = Settings.from(Map.of("max-frame-bytes", " 1000 ", "send-queue-limit", "7",
                "presence-grace-ms", "0")::get);
        assertEquals(1000, settings.maxFrameBytes());
        assertEquals(7, settings.sendQueueLimit());
        assertEquals(0, settings.presenceGraceMillis());
    }

    /** Every whole-number setting, each with every kind of mistake: one sentence naming it in both forms. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            max-frame-bytes          | ""    | is empty: give it a value or leave it unset
            max-frame-bytes          | lots  | must be a whole number, not 'lots'
            max-frame-bytes          | 0     | must be at least 1, not 0
            send-queue-limit         | 1.5   | must be a whole number, not '1.5'
            send-queue-limit         | -1    | must be at least 1, not -1
            history-size             | " "   | is empty: give it a value or leave it unset
            history-size             | 0     | must be at least 1, not 0
            join-history             | 0     | must be at least 1, not 0
            max-text-chars           | 9999999999 | must be a whole number, not '9999999999'
            max-rooms-per-connection | 0     | must be at least 1, not 0
            rate-per-second          | ten   | must be a whole number, not 'ten'
            rate-burst               | -20   | must be at least 1, not -20
            abuse-threshold          | 0     | must be at least 1, not 0
            presence-grace-ms        | -1    | must be at least 0, not -1
            heartbeat-seconds        | 0     | must be at least 1, not 0
            """)
    void aBadValueIsNamedInOneSentence(String name, String value, String problem) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of(name, value)::get));
        assertEquals("roomcast." + name + " (" + SettingReader.environmentName(name) + ") " + problem,
                error.getMessage());
    }
}
