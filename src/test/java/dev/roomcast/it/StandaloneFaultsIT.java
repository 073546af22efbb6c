package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.roomcast.endpoint.ThrowingEndpoint;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.WsClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runtime-specific: a handler that throws is closed with 1011 and no detail. Only the in-process
 * standalone server has the test-only endpoint that throws, so this class is not part of the suite that
 * runs against deployed WARs.
 */
@Tag("standalone-only")
class StandaloneFaultsIT extends RoomcastSuite {

    @Test
    void aServerErrorClosesWith1011AndRevealsNothing() {
        try (WsClient bystander = WsClient.connect(server.ws("ws/echo"));
             WsClient victim = WsClient.connect(server.ws("ws/test/throwing"))) {
            victim.send("boom");
            WsClient.Closed closed = victim.awaitClose();
            assertEquals(1011, closed.code());
            assertFalse(closed.reason().contains(ThrowingEndpoint.SECRET), closed.reason());
            assertFalse(closed.reason().contains("Exception"), closed.reason());

            bystander.send("unaffected");
            assertEquals("Message text was: unaffected", bystander.next());
        }
    }
}
