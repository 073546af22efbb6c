package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Everything a server has queued for a connection goes out before its close frame, whoever closes: here a
 * valid message arrives in the same read as the frame that ends the connection (a protocol error the server
 * answers with 1002, or the client's own close), and its answer must still come first. Found with the
 * Autobahn fuzzing client's framing cases (3.2-3.4, 4.1.3-4.1.5, 4.2.3-4.2.5), where the standalone runner
 * sent its 1002 ahead of the echo in some runs; hence many rounds per case.
 */
class CloseOrderIT extends RoomcastSuite {

    private static final int ROUNDS = 30;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "reserved bit RSV1 set, 0xC1, 1002",
        "reserved bits RSV2 and RSV3 set, 0xB1, 1002",
        "reserved data opcode 3, 0x83, 1002",
        "reserved control opcode 11, 0x8B, 1002",
        "client's own close, 0x88, 1000",
    })
    void anAnswerQueuedBeforeTheCloseIsSentBeforeIt(String what, String firstByte, int closeCode) throws Exception {
        byte[] closing = closeCode == 1000 ? new byte[] {0x03, (byte) 0xE8} : "x".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < ROUNDS; round++) {
            try (RawWebSocket raw = RawWebSocket.open(server.ws("ws/echo"))) {
                assertEquals(101, raw.status());
                String text = "round " + round;
                raw.sendFrames(RawWebSocket.frame(0x80 | RawWebSocket.TEXT, text.getBytes(StandardCharsets.UTF_8)),
                        RawWebSocket.frame(Integer.decode(firstByte), closing));
                assertEquals(closeCode, raw.awaitCloseCode(), what + ", round " + round);
                assertEquals(List.of("Message text was: " + text), raw.textsBeforeClose(), what + ", round " + round);
            }
        }
    }
}
