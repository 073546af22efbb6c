package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.Browser;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** The tutorial's own browser snippet (section 2), run in real headless Chromium, gets its echo. */
class TutorialClientIT extends RoomcastSuite {

    @Test
    void theTutorialSnippetGetsItsEcho() {
        try (Browser browser = new Browser()) {
            browser.open(server.http("tutorial/echo.html"));
            String console = browser.awaitText(By.id("console"), "Message text was: Hello, FastAPI Server!");
            assertTrue(console.startsWith("WebSocket 連接已建立"), console);
            assertTrue(console.contains("收到來自服務器的消息: Message text was: Hello, FastAPI Server!"), console);
        }
    }

    @Test
    void thePageShowsMessagesAsText() {
        try (Browser page = new Browser(); WsClient sender = WsClient.connect(server.ws("ws/broadcast"))) {
            page.open(server.http("broadcast.html"));
            page.awaitText(By.id("log"), "connected");
            // The page's own message reaching the sender proves both are registered for broadcasts.
            page.driver().findElement(By.id("text")).sendKeys("hello from the page", Keys.ENTER);
            assertEquals("New message: hello from the page", sender.next());
            page.awaitText(By.id("log"), "You: hello from the page");

            String attack = "<img src=x onerror=\"document.title='pwned'\">";
            sender.send(attack);
            page.awaitText(By.id("log"), "New message: " + attack);
            assertTrue(page.driver().findElements(By.cssSelector("#log img")).isEmpty(), "no element was injected");
        }
    }
}
