package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import dev.roomcast.testing.ApiClient;
import dev.roomcast.testing.Browser;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console (/admin/) in Chromium, on every runtime: sign-in and its refusals, every view, every action
 * and its effect as a chat client sees it, markup in names and texts kept as text, and axe-core on every screen,
 * light and dark, desktop and phone (Viewports).
 */
@Tag("page")
class ConsoleIT extends RoomcastSuite {

    @Test
    void aWrongKeyOrAChatTokenIsRefusedAndTheCredentialIsNeverStored() {
        try (Browser browser = new Browser()) {
            browser.open(server.http("admin/"));
            signIn(browser, "not-a-key-of-this-server-at-all");
            assertTrue(browser.awaitText(By.id("signin-error"), "Refused").contains("Refused"));
            assertFalse(browser.driver().findElement(By.id("console")).isDisplayed(), "nothing shown without a key");

            signIn(browser, TestTokens.valid("alice")); // a chat user's token: no API scope
            browser.awaitText(By.id("signin-error"), "Refused");
            assertFalse(browser.driver().findElement(By.id("console")).isDisplayed());

            String scoped = TestTokens.sign(TestTokens.claims("operator")
                    .claim("scope", System.getProperty("roomcast.api-scope")).build(), JWSAlgorithm.HS256);
            signIn(browser, scoped);
            browser.awaitText(By.id("state"), "live");
            assertEquals("0|0|", browser.script("return [localStorage.length, sessionStorage.length, document.cookie]"
                    + ".join('|')"), "nothing in storage or cookies");
            assertFalse(browser.driver().getCurrentUrl().contains(scoped.substring(0, 20)), "not in the address");
            assertEquals("", browser.driver().findElement(By.id("credential")).getAttribute("value"),
                    "not left in the form either");

            browser.driver().findElement(By.id("sign-out")).click();
            assertTrue(browser.driver().findElement(By.id("signin")).isDisplayed());
            assertFalse(browser.driver().findElement(By.id("console")).isDisplayed());
        }
    }

    @Test
    void theOverviewShowsTheNodeAndLiveChartsWhileMessagesFlow() throws Exception {
        String room = ChatProtocolIT.room();
        AtomicBoolean flowing = new AtomicBoolean(true);
        try (Browser browser = new Browser();
             ChatClient alice = ChatClient.connect(server, "alice");
             ChatClient bob = ChatClient.connect(server, "bob")) {
            alice.join(room);
            bob.join(room);
            Thread poster = new Thread(() -> {
                for (int i = 0; flowing.get() && i < 2000; i++) {
                    alice.post(room, "flowing " + i);
                    sleep(20);
                }
            });
            poster.start();
            try {
                signInWithKey(browser);
                browser.awaitText(By.cssSelector("#nodes tbody"), "ready");
                int shown = Integer.parseInt(browser.driver().findElement(By.cssSelector("#nodes tbody td.number"))
                        .getText());
                assertTrue(shown >= 2, "the node holds at least the test's two connections: " + shown);
                new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(250))
                        .withMessage("the delivery chart never rose above zero while messages flowed")
                        .until(driver -> Double.parseDouble(driver.findElement(By.cssSelector("#chart-delivered .now"))
                                .getText()) > 0);
                assertTrue(Double.parseDouble(browser.driver().findElement(By.cssSelector("#chart-received .now"))
                        .getText()) > 0);
                String points = browser.driver().findElement(By.cssSelector("#chart-connections polyline"))
                        .getAttribute("points");
                assertTrue(points.split(" ").length >= 2, "a line of several samples: " + points);
                assertTrue(browser.driver().findElement(By.cssSelector("#chart-delivered svg")).getAttribute("aria-label")
                        .startsWith("Messages delivered per second: now "), "the chart says in words what it shows");
                if (Boolean.getBoolean("roomcast.screenshots") && runtime().equals("standalone")) {
                    Files.write(Path.of("docs", "console.png"), browser.driver().getScreenshotAs(OutputType.BYTES));
                }
            } finally {
                flowing.set(false);
                poster.join();
            }
        }
    }

    @Test
    void roomsAreSearchedAndShownAndPublishAndResetReachTheMembers() {
        String tag = "c" + UUID.randomUUID().toString().substring(0, 8);
        String room = "console-" + tag;
        try (Browser browser = new Browser(); ChatClient carol = ChatClient.connect(server, "carol")) {
            carol.join(room);
            carol.join("other-" + tag);
            carol.post(room, "before the console", "b1");
            carol.await("ack", Map.of("clientId", "b1"));
            signInWithKey(browser);
            view(browser, "rooms");
            search(browser, "CONSOLE-" + tag);
            WebElement row = browser.driver().findElement(By.cssSelector("#room-list tbody tr"));
            assertEquals(1, browser.driver().findElements(By.cssSelector("#room-list tbody tr")).size(),
                    "only the room whose name contains the search");
            assertTrue(row.getText().contains(room) && row.getText().contains("1"), row.getText());
            browser.awaitText(By.cssSelector("#room-list tbody tr"), "ago");

            row.findElement(By.tagName("button")).click();
            browser.awaitText(By.id("room-title"), room);
            browser.awaitText(By.id("room-members"), "carol");
            browser.awaitText(By.id("room-history"), "before the console");

            browser.driver().findElement(By.id("publish-sender")).clear();
            browser.driver().findElement(By.id("publish-sender")).sendKeys("Operations");
            browser.driver().findElement(By.id("publish-text")).sendKeys("Maintenance at noon");
            browser.driver().findElement(By.cssSelector("#publish-form button")).click();
            confirm(browser, "Publish to " + room);
            JsonObject published = carol.await("message", Map.of("app", "Operations"));
            assertEquals("Maintenance at noon", published.getString("text"));
            browser.awaitText(By.id("room-history"), "Maintenance at noon");

            browser.driver().findElement(By.id("reset-room")).click();
            cancel(browser);
            browser.driver().findElement(By.id("reset-room")).click();
            confirm(browser, "Reset " + room);
            assertEquals("reset", carol.await("joined", Map.of("replay", "reset")).getString("replay"));
            browser.awaitText(By.id("room-history"), "no messages kept");
        }
    }

    @Test
    void aUserIsLookedUpWithTheirRoomsAndDisconnectedWithABan() throws Exception {
        String user = "dave" + UUID.randomUUID().toString().substring(0, 6);
        String room = ChatProtocolIT.room();
        try (Browser browser = new Browser(); ChatClient phone = ChatClient.connect(server, user);
             ChatClient laptop = ChatClient.connect(server, user)) {
            phone.join(room);
            signInWithKey(browser);
            view(browser, "users");
            browser.driver().findElement(By.id("user-query")).sendKeys(user);
            browser.driver().findElement(By.cssSelector("#user-search button")).click();
            browser.awaitText(By.id("user-facts"), "2 connections");
            browser.awaitText(By.id("user-connections"), room);
            assertEquals(2, browser.driver().findElements(By.cssSelector("#user-connections tbody tr")).size());

            WebElement ban = browser.driver().findElement(By.id("ban-seconds"));
            ban.clear();
            ban.sendKeys("60");
            browser.driver().findElement(By.cssSelector("#disconnect-form button")).click();
            confirm(browser, "Disconnect " + user);
            for (ChatClient tab : List.of(phone, laptop)) {
                assertEquals(4003, tab.socket().awaitClose().code());
            }
            browser.awaitText(By.id("user-facts"), "banned for");
            try (RawWebSocket refused = RawWebSocket.open(server.ws("ws/chat"),
                    Map.of("Authorization", "Bearer " + TestTokens.valid(user)))) {
                assertEquals(403, refused.status());
            }
        }
    }

    @Test
    void markupInTextsSearchesAndLabelsStaysText() {
        String room = ChatProtocolIT.room();
        try (Browser browser = new Browser(); ChatClient mallory = ChatClient.connect(server, "mallory")) {
            mallory.join(room);
            mallory.post(room, ChatPageAccessibilityIT.XSS, "x1");
            mallory.await("ack", Map.of("clientId", "x1"));
            signInWithKey(browser);
            view(browser, "rooms");
            search(browser, ChatPageAccessibilityIT.XSS);
            browser.awaitText(By.id("rooms-empty"), ChatPageAccessibilityIT.XSS.substring(0, 20));
            search(browser, room);
            browser.driver().findElement(By.cssSelector("#room-list tbody button")).click();
            browser.awaitText(By.id("room-history"), ChatPageAccessibilityIT.XSS);

            browser.driver().findElement(By.id("publish-sender")).clear();
            browser.driver().findElement(By.id("publish-sender")).sendKeys(ChatPageAccessibilityIT.XSS);
            browser.driver().findElement(By.id("publish-text")).sendKeys("labelled with markup");
            browser.driver().findElement(By.cssSelector("#publish-form button")).click();
            confirm(browser, "Publish to " + room);
            browser.awaitText(By.id("problem"), "sender"); // the API's 400, shown as text
            assertTrue(browser.driver().findElements(By.cssSelector("main img, dialog img")).isEmpty(),
                    "no element injected");
        }
    }

    @ParameterizedTest(name = "{0}x{1} {3}")
    @MethodSource("dev.roomcast.testing.Viewports#sizesAndThemes")
    void axeFindsNothingSeriousOnAnyScreen(int width, int height, boolean phone, String scheme) {
        String room = ChatProtocolIT.room();
        try (Browser browser = new Browser(); ChatClient erin = ChatClient.connect(server, "erin")) {
            erin.join(room);
            erin.post(room, "for the history", "h1");
            erin.await("ack", Map.of("clientId", "h1"));
            browser.emulate(width, height, phone);
            browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
            browser.open(server.http("admin/"));
            assertNoSeriousViolations(browser, "sign-in", phone);
            signIn(browser, ApiClient.key(0));
            browser.awaitText(By.cssSelector("#nodes tbody"), "ready");
            assertNoSeriousViolations(browser, "overview", phone);
            view(browser, "rooms");
            search(browser, room);
            browser.driver().findElement(By.cssSelector("#room-list tbody button")).click();
            browser.awaitText(By.id("room-history"), "for the history");
            assertNoSeriousViolations(browser, "rooms", phone);
            browser.driver().findElement(By.id("reset-room")).click();
            assertNoSeriousViolations(browser, "confirm", phone);
            cancel(browser);
            view(browser, "users");
            browser.driver().findElement(By.id("user-query")).sendKeys("erin");
            browser.driver().findElement(By.cssSelector("#user-search button")).click();
            browser.awaitText(By.id("user-connections"), room);
            assertNoSeriousViolations(browser, "users", phone);
        }
    }

    private void signInWithKey(Browser browser) {
        browser.open(server.http("admin/"));
        signIn(browser, ApiClient.key(0));
        browser.awaitText(By.id("state"), "live");
    }

    private static void signIn(Browser browser, String credential) {
        WebElement field = browser.driver().findElement(By.id("credential"));
        field.clear();
        field.sendKeys(credential);
        browser.driver().findElement(By.id("signin-button")).click();
    }

    private static void view(Browser browser, String name) {
        browser.driver().findElement(By.cssSelector("nav button[data-view='" + name + "']")).click();
        Eventually.await(name + " shown", () -> browser.driver().findElement(By.id(name)).isDisplayed());
    }

    private static void search(Browser browser, String text) {
        WebElement query = browser.driver().findElement(By.id("rooms-query"));
        query.clear();
        query.sendKeys(text);
        String before = String.valueOf(browser.script("return document.querySelector('#room-list tbody').dataset.loads"));
        browser.driver().findElement(By.cssSelector("#rooms-search button")).click();
        Eventually.await("the search answered", () -> !before.equals(String.valueOf(
                browser.script("return document.querySelector('#room-list tbody').dataset.loads"))));
    }

    private static void confirm(Browser browser, String title) {
        browser.awaitText(By.id("confirm-title"), title);
        browser.driver().findElement(By.id("confirm-ok")).click();
    }

    private static void cancel(Browser browser) {
        Eventually.await("the confirm step shown", () -> browser.driver().findElement(By.id("confirm")).isDisplayed());
        browser.driver().findElement(By.id("confirm-cancel")).click();
        Eventually.await("the confirm step gone", () -> !browser.driver().findElement(By.id("confirm")).isDisplayed());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** axe-core on the screen; on a phone, also no page wider than the screen (tables scroll in their own box). */
    private static void assertNoSeriousViolations(Browser browser, String screen, boolean phone) {
        browser.assertNoSeriousViolations("console's " + screen);
        if (phone) {
            assertEquals(Boolean.TRUE, browser.script("return document.documentElement.scrollWidth <= innerWidth"),
                    "the " + screen + " screen fits the phone's width");
        }
    }
}
