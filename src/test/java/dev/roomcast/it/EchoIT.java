package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.testing.RoomcastExtension;
import dev.roomcast.testing.ServerUnderTest;
import dev.roomcast.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /ws/echo} answers like the tutorial's first endpoint. */
@ExtendWith(RoomcastExtension.class)
class EchoIT {

    @Test
    void answersTheTutorialGreeting(ServerUnderTest server) {
        try (WsClient client = WsClient.connect(server.ws("ws/echo"))) {
            client.send("Hello, FastAPI Server!");
            assertEquals("Message text was: Hello, FastAPI Server!", client.next());
        }
    }

    @Test
    void keepsOrderAndCharactersIntact(ServerUnderTest server) {
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
