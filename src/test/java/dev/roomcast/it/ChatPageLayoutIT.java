package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.Browser;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.ChatPage;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page as people use it, in headless Chromium at desktop (1200x800) and phone (390x844, with a
 * phone browser's viewport handling, on the standalone runner only: {@link dev.roomcast.testing.Viewports}) sizes: what a new user found wrong, each as a test. Nothing may be
 * wider than the viewport; the sign-in screen shows sign-in only; a busy room scrolls inside its own panel
 * with the message box in view; a token the server refuses sends the user back to sign-in with a reason.
 */
@Tag("page")
class ChatPageLayoutIT extends RoomcastSuite {

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("dev.roomcast.testing.Viewports#sizes")
    void theSignInScreenShowsOnlySignIn(int width, int height, boolean phone) {
        try (Browser browser = new Browser()) {
            browser.emulate(width, height, phone);
            browser.open(server.http(""));
            assertTrue(browser.driver().findElement(By.id("signin-token")).isDisplayed());
            for (String chatPart : new String[] {"chat", "join-room", "composer-text", "rooms"}) {
                assertFalse(browser.driver().findElement(By.id(chatPart)).isDisplayed(), chatPart + " shows at sign-in");
            }
            assertFitsTheViewport(browser, width);
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("dev.roomcast.testing.Viewports#sizes")
    void aBusyRoomScrollsInItsOwnPanelAndKeepsTheMessageBoxInView(int width, int height, boolean phone) {
        String room = ChatProtocolIT.room();
        try (Browser browser = new Browser(); ChatClient bob = ChatClient.connect(server, "bob")) {
            browser.emulate(width, height, phone);
            ChatPage alice = ChatPage.signInWithToken(browser, server, TestTokens.valid("alice"));
            alice.join(room);
            bob.join(room);
            for (int i = 1; i <= 100; i++) {
                bob.post(room, "busy " + i);
            }
            alice.awaitMessage("busy 100");

            assertFitsTheViewport(browser, width);
            double viewport = ((Number) browser.script("return window.innerHeight")).doubleValue();
            for (String control : new String[] {"composer-text", "state"}) {
                double top = rect(browser, control, "top");
                double bottom = rect(browser, control, "bottom");
                assertTrue(top >= 0 && bottom <= viewport,
                        control + " out of view: " + top + ".." + bottom + " in a viewport of " + viewport);
            }
            assertEquals(0.0, ((Number) browser.script("return window.scrollY")).doubleValue(), "the page scrolled");
            assertTrue(atEnd(browser), "the newest message is in view");

            // Scrolled up to read: a new message does not pull the reader down, a marker says it is there.
            browser.script("document.getElementById('log').scrollTop = 0");
            bob.post(room, "while you read");
            alice.awaitMessage("while you read");
            browser.awaitText(By.id("new-messages"), "New messages");
            assertFalse(atEnd(browser), "the reader was pulled away from where they read");
            browser.driver().findElement(By.id("new-messages")).click();
            assertTrue(atEnd(browser), "the marker leads to the newest message");
            assertFalse(browser.driver().findElement(By.id("new-messages")).isDisplayed());
        }
    }

    /** Scrolling to the top loads older messages, page by page, until the room's first message shows. */
    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("dev.roomcast.testing.Viewports#sizes")
    void scrollingBackReachesTheFirstMessageOfA500MessageRoom(int width, int height, boolean phone) {
        String room = ChatProtocolIT.room();
        int posted = 500;
        try (ChatClient first = ChatClient.connect(server, "writer1");
             ChatClient second = ChatClient.connect(server, "writer2")) {
            first.join(room);
            second.join(room);
            for (ChatClient writer : List.of(first, second)) { // one after the other: seq order is text order
                int from = writer == first ? 1 : posted / 2 + 1;
                for (int i = from; i < from + posted / 2; i++) {
                    writer.post(room, "scroll " + i, "s" + i);
                }
                writer.collect("ack", posted / 2);
            }
        }
        try (Browser browser = new Browser()) {
            browser.emulate(width, height, phone);
            ChatPage page = ChatPage.signInWithToken(browser, server, TestTokens.valid("reader"));
            page.join(room);
            page.awaitMessage("scroll " + posted);
            // A reader keeps scrolling up; each time the top is reached, the page loads the next older page.
            new WebDriverWait(browser.driver(), Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(300))
                    .withMessage("the beginning of the room's history never showed")
                    .until(driver -> {
                        browser.script("document.getElementById('log').scrollTop = 0");
                        return page.logText().contains("The beginning of this room's history");
                    });
            @SuppressWarnings("unchecked")
            List<String> texts = (List<String>) browser.script(
                    "return [...document.querySelectorAll('#log li .text')].map(t => t.textContent)");
            assertEquals(IntStream.rangeClosed(1, posted).mapToObj(i -> "scroll " + i).toList(), texts,
                    "every message once, in order");
        }
    }

    /** The directory shows rooms with people in them; one click joins. */
    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("dev.roomcast.testing.Viewports#sizes")
    void theDirectoryJoinsARoomWithOneClick(int width, int height, boolean phone) {
        String room = ChatProtocolIT.room();
        try (Browser browser = new Browser(); ChatClient bob = ChatClient.connect(server, "bob")) {
            browser.emulate(width, height, phone);
            bob.join(room);
            ChatPage alice = ChatPage.signInWithToken(browser, server, TestTokens.valid("alice"));
            By listed = By.cssSelector("#directory button[data-room='" + room + "']");
            browser.awaitText(listed, "1 here");
            browser.driver().findElement(listed).click();
            browser.awaitText(By.id("room-title"), room);
            alice.awaitMember("bob");
            bob.await("presence", Map.of("user", "alice", "event", "join"));
        }
    }

    /** The page stayed "reconnecting…" forever once its token was refused (here: signed with another secret). */
    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("dev.roomcast.testing.Viewports#sizes")
    void aRefusedTokenSendsTheUserBackToSignInWithAReason(int width, int height, boolean phone) {
        try (Browser browser = new Browser()) {
            browser.emulate(width, height, phone);
            ChatPage page = ChatPage.submitToken(browser, server,
                    TestTokens.signedWithAnotherSecret(TestTokens.claims("mallory").build()));
            String reason = page.awaitSignInAgain();
            assertTrue(reason.contains("sign in again"), reason);
            assertEquals("signed out", browser.driver().findElement(By.id("state")).getText());
        }
    }

    private static void assertFitsTheViewport(Browser browser, int width) {
        @SuppressWarnings("unchecked")
        Map<String, Number> sizes = (Map<String, Number>) browser.script(
                "return {inner: window.innerWidth, scroll: document.documentElement.scrollWidth}");
        assertEquals(width, sizes.get("inner").intValue(), "the browser zoomed out to fit a wider page");
        assertTrue(sizes.get("scroll").intValue() <= width, "the page is " + sizes.get("scroll") + " px wide");
    }

    private static double rect(Browser browser, String id, String side) {
        return ((Number) browser.script("return document.getElementById(arguments[0]).getBoundingClientRect()["
                + "arguments[1]]", id, side)).doubleValue();
    }

    private static boolean atEnd(Browser browser) {
        return (Boolean) browser.script(
                "const log = document.getElementById('log'); return log.scrollHeight - log.scrollTop - log.clientHeight < 24");
    }
}
