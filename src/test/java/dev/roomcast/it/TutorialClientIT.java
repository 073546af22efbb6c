package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.Browser;
import dev.roomcast.testing.RoomcastExtension;
import dev.roomcast.testing.ServerUnderTest;
import dev.roomcast.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/** The tutorial's own browser snippet (section 2), run in real headless Chromium, gets its echo. */
@ExtendWith(RoomcastExtension.class)
class TutorialClientIT {

    @Test
    void theTutorialSnippetGetsItsEcho(ServerUnderTest server) {
        try (Browser browser = new Browser()) {
            browser.open(server.http("tutorial/echo.html"));
            String console = browser.awaitText(By.id("console"), "Message text was: Hello, FastAPI Server!");
            assertTrue(console.startsWith("WebSocket 連接已建立"), console);
            assertTrue(console.contains("收到來自服務器的消息: Message text was: Hello, FastAPI Server!"), console);
        }
    }

    @Test
    void thePageShowsMessagesAsText(ServerUnderTest server) {
        try (Browser page = new Browser(); WsClient sender = WsClient.connect(server.ws("ws/broadcast"))) {
            page.open(server.http(""));
            page.awaitText(By.id("log"), "connected");
            String attack = "<img src=x onerror=\"document.title='pwned'\">";
            sender.send(attack);
            page.awaitText(By.id("log"), "New message: " + attack);
            assertTrue(page.driver().findElements(By.cssSelector("#log img")).isEmpty(), "no element was injected");
        }
    }
}
