package dev.roomcast.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    public record Sample(String name, Long count, Boolean flag, List<String> tags) {
    }

    @Test
    void readsMatchingTypesAndIgnoresUnknownFields() throws Exception {
        Sample sample = JsonCodec.decode(
                "{\"name\":\"a\",\"count\":3,\"flag\":true,\"tags\":[\"x\"],\"extra\":{}}", Sample.class);
        assertEquals(new Sample("a", 3L, true, List.of("x")), sample);
    }

    @Test
    void refusesEveryMismatchWithTheFieldName() {
        for (String json : List.of("{\"name\":1}", "{\"count\":\"3\"}", "{\"count\":1.5}", "{\"flag\":\"yes\"}",
                "{\"tags\":\"x\"}", "{\"tags\":[1]}")) {
            InvalidMessageException error =
                    assertThrows(InvalidMessageException.class, () -> JsonCodec.decode(json, Sample.class), json);
            assertEquals(ErrorCode.INVALID_FIELD, error.code());
            assertEquals(true, error.getMessage().startsWith("'"), error.getMessage());
        }
    }

    public record Timed(Instant ts, int small) {
    }

    @Test
    void readsTimesAndRefusesNumbersTooLargeForTheirField() throws Exception {
        assertEquals(new Timed(Instant.parse("2026-11-29T10:15:30.123Z"), 0),
                JsonCodec.decode("{\"ts\":\"2026-11-29T10:15:30.123Z\"}", Timed.class));
        for (String json : List.of("{\"ts\":\"yesterday\"}", "{\"small\":4294967296}", "{\"small\":1e30}")) {
            InvalidMessageException error =
                    assertThrows(InvalidMessageException.class, () -> JsonCodec.decode(json, Timed.class), json);
            assertEquals(ErrorCode.INVALID_FIELD, error.code(), json);
        }
    }

    @Test
    void buildsRecordsThroughTheirCanonicalConstructor() throws Exception {
        ClientMessage.Send send = JsonCodec.decode("{\"room\":\"r\",\"text\":\"a\\u0007b\"}", ClientMessage.Send.class);
        assertEquals("ab", send.text(), "the compact constructor strips control characters");
    }

    public record Checked(String name) {
        public Checked {
            if ("forbidden".equals(name)) {
                throw new IllegalArgumentException("not this name");
            }
        }
    }

    @Test
    void aRecordThatRefusesItsValuesIsAnInvalidMessageNotAServerFault() {
        InvalidMessageException error = assertThrows(InvalidMessageException.class,
                () -> JsonCodec.decode("{\"name\":\"forbidden\"}", Checked.class));
        assertEquals(ErrorCode.INVALID_FIELD, error.code());
    }

    @Test
    void refusesWhatIsNotAnObject() {
        for (String json : List.of("", "nul", "[]", "\"s\"", "{\"a\":1", "{} {}")) {
            InvalidMessageException error =
                    assertThrows(InvalidMessageException.class, () -> JsonCodec.decode(json, Sample.class), json);
            assertEquals(ErrorCode.MALFORMED_JSON, error.code());
        }
    }

    @Test
    void encodesRecords() {
        assertEquals("{\"message\":\"Received: hi\"}",
                new JsonEncoder().encode(TutorialReply.received(new TutorialMessage("hi"))));
    }
}
