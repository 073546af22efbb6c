package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /ws/echo} answers like the tutorial's first endpoint. */
class EchoIT extends RoomcastSuite {

    @Test
    void answersTheTutorialGreeting() {
        try (WsClient client = WsClient.connect(server.ws("ws/echo"))) {
            client.send("Hello, FastAPI Server!");
            assertEquals("Message text was: Hello, FastAPI Server!", client.next());
        }
    }

    @Test
    void keepsOrderAndCharactersIntact() {
        try (WsClient client = WsClient.connect(server.ws("ws/echo"))) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String text = i + " héllo 世界 🎉 <b>&amp;</b>";
                client.send(text);
                expected.add("Message text was: " + text);
            }
            client.send("");
            expected.add("Message text was: ");
            assertEquals(expected, client.next(expected.size()));
        }
    }
}
