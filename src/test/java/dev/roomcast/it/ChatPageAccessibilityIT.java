package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.Browser;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.ChatPage;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page for people who use it by keyboard, with a screen reader, in dark mode, or in another tab:
 * the axe-core engine (injected into the page) finds no serious or critical violation on the sign-in and
 * chat screens, light and dark, at desktop and phone sizes; sign-in, joining, sending and clearing work with
 * the keyboard alone; unread messages are counted per room and in the title of a hidden tab. XSS payloads
 * in room names, user names and texts stay text.
 */
@Tag("page")
class ChatPageAccessibilityIT extends RoomcastSuite {

    static final String XSS = "<img src=x onerror=alert(1)>";

    @ParameterizedTest(name = "{0}x{1} {3}")
    @MethodSource("dev.roomcast.testing.Viewports#sizesAndThemes")
    void axeFindsNothingSeriousOnSignInAndChat(int width, int height, boolean phone, String scheme) {
        String room = ChatProtocolIT.room();
        try (Browser browser = new Browser(); ChatClient bob = ChatClient.connect(server, "bob")) {
            browser.emulate(width, height, phone);
            browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
            browser.open(server.http(""));
            browser.assertNoSeriousViolations("sign-in (" + scheme + ")");

            ChatPage alice = ChatPage.signInWithToken(browser, server, TestTokens.valid("alice"));
            alice.join(room);
            bob.join(room);
            bob.post(room, "Hello, Alice");
            alice.awaitMessage("Hello, Alice");
            alice.say("Hello, Bob");
            alice.assertShownOnce("Hello, Bob");
            browser.assertNoSeriousViolations("chat (" + scheme + ")");
            if (scheme.equals("dark")) {
                Number luminance = (Number) browser.script("const [r, g, b] = getComputedStyle(document.body)"
                        + ".backgroundColor.match(/\\d+/g).map(Number); return (r + g + b) / 3");
                assertTrue(luminance.doubleValue() < 64, "a dark background, not " + luminance);
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("dev.roomcast.testing.Viewports#sizes")
    void theKeyboardAloneSignsInJoinsSendsAndClears(int width, int height, boolean phone) {
        String room = ChatProtocolIT.room();
        try (Browser browser = new Browser()) {
            browser.emulate(width, height, phone);
            browser.open(server.http(""));
            tabTo(browser, "signin-token");
            browser.driver().switchTo().activeElement().sendKeys(TestTokens.valid("keys"));
            tabTo(browser, "signin-button");
            browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
            ChatPage page = ChatPage.attach(browser);
            page.awaitState("connected");

            assertEquals("join-room", activeId(browser), "after sign-in, the keyboard is where the next step is");
            browser.driver().switchTo().activeElement().sendKeys(room, Keys.ENTER);
            browser.awaitText(By.id("room-title"), room);
            assertEquals("composer-text", activeId(browser));
            browser.driver().switchTo().activeElement().sendKeys("typed, never clicked", Keys.ENTER);
            page.assertShownOnce("typed, never clicked");

            browser.driver().switchTo().activeElement().sendKeys("second thoughts", Keys.ESCAPE);
            assertEquals("", browser.driver().findElement(By.id("composer-text")).getAttribute("value"));
            tabTo(browser, "log");
            new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
            assertEquals("composer-text", activeId(browser), "Escape returns to the message box");
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("dev.roomcast.testing.Viewports#sizes")
    void unreadMessagesAreCountedPerRoomAndInAHiddenTabsTitle(int width, int height, boolean phone) {
        String here = ChatProtocolIT.room();
        String elsewhere = ChatProtocolIT.room();
        try (Browser browser = new Browser(); ChatClient bob = ChatClient.connect(server, "bob")) {
            browser.emulate(width, height, phone);
            ChatPage alice = ChatPage.signInWithToken(browser, server, TestTokens.valid("alice"));
            // The browser's notifications, as the user would have allowed them (a spy: headless shows none).
            browser.script("window.notes = []; window.Notification = class { constructor(title, options) {"
                    + " window.notes.push(title + ': ' + options.body); } }; Notification.permission = 'granted';");
            alice.join(elsewhere);
            alice.join(here);
            bob.join(elsewhere);
            bob.join(here);
            bob.post(elsewhere, "one");
            bob.post(elsewhere, "two");
            browser.awaitText(By.cssSelector("#rooms button[data-room='" + elsewhere + "'] .unread"), "2");

            String chat = browser.driver().getWindowHandle();
            browser.driver().switchTo().newWindow(WindowType.TAB); // the chat's tab is now hidden
            bob.post(here, "while you were away");
            new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).pollingEvery(Duration.ofMillis(200))
                    .withMessage("the hidden tab's title never counted the unread messages")
                    .until(driver -> titles(browser).contains("(3) Roomcast"));
            browser.driver().close();
            browser.driver().switchTo().window(chat);
            new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
                    .until(driver -> driver.getTitle().equals("Roomcast"));
            assertEquals(List.of("bob in " + here + ": while you were away"), browser.script("return window.notes"),
                    "a notification for the message that came while the tab was hidden, none for the others");
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("dev.roomcast.testing.Viewports#sizes")
    void markupInRoomNamesUserNamesAndTextsStaysText(int width, int height, boolean phone) {
        String room = ChatProtocolIT.room();
        try (Browser browser = new Browser(); ChatClient mallory = ChatClient.connect(server, "mallory")) {
            browser.emulate(width, height, phone);
            ChatPage alice = ChatPage.signInWithToken(browser, server, TestTokens.valid("alice"));
            alice.join(room);
            mallory.join(room);
            mallory.post(room, XSS);
            alice.awaitMessage(XSS);
            mallory.send("{\"type\":\"join\",\"room\":\"" + XSS.replace("\"", "\\\"") + "\"}");
            mallory.await("error", Map.of("code", "invalid_message")); // a room name cannot hold markup
            browser.driver().findElement(By.id("join-room")).sendKeys(XSS, Keys.ENTER); // nor can the form send one
            assertTrue(browser.driver().findElements(By.cssSelector("#rooms button")).stream()
                    .noneMatch(button -> button.getText().contains("<")), "the markup room was not joined");
            assertTrue(browser.driver().findElements(By.cssSelector("main img")).isEmpty(), "no element injected");
        }
        try (Browser browser = new Browser()) { // a token whose user name is markup: refused, shown as text
            browser.emulate(width, height, phone);
            ChatPage page = ChatPage.submitToken(browser, server, TestTokens.valid(XSS));
            assertTrue(page.awaitSignInAgain().contains("refused"));
            assertTrue(browser.driver().findElements(By.cssSelector("main img")).isEmpty(), "no element injected");
        }
    }

    private static List<String> titles(Browser browser) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) browser.driver()
                .executeCdpCommand("Target.getTargets", Map.of()).get("targetInfos");
        return targets.stream().map(target -> String.valueOf(target.get("title"))).toList();
    }

    private static void tabTo(Browser browser, String id) {
        for (int presses = 0; presses < 30; presses++) {
            if (id.equals(activeId(browser))) {
                return;
            }
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached #" + id + "; it stopped at #" + activeId(browser));
    }

    private static String activeId(Browser browser) {
        return String.valueOf(browser.script("return document.activeElement && document.activeElement.id"));
    }

}
