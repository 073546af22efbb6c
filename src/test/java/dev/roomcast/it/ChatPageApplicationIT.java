package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import dev.roomcast.testing.ApiClient;
import dev.roomcast.testing.BackendReceiver;
import dev.roomcast.testing.Browser;
import dev.roomcast.testing.ChatPage;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The application's side as the page and its client show it, in real Chromium: messages the application
 * published are marked as the application's, personal messages show, a disconnect signs the user out with its
 * reason, and the client refreshes an expiring token through getToken (or stops when it has none).
 */
class ChatPageApplicationIT extends RoomcastSuite {

    /** How long the client is watched: past the short token's expiry, warning included. */
    static final Duration WATCH = Duration.ofSeconds(TokenLifetimeIT.WARNING_SECONDS + 5);

    @Test
    void theApplicationsMessagesPersonalMessagesAndADisconnectShowAsSuch() {
        String room = ChatProtocolIT.room();
        String user = "paula-" + UUID.randomUUID().toString().substring(0, 6);
        ApiClient api = ApiClient.of(server);
        try (Browser browser = new Browser()) {
            ChatPage page = ChatPage.signInWithToken(browser, server, TestTokens.valid(user));
            page.join(room);
            api.postJson("rooms/" + room + "/messages", "{\"text\":\"Maintenance at noon\",\"sender\":\"Ops\"}");
            page.awaitMessage("Maintenance at noon");
            WebElement entry = browser.driver().findElement(By.cssSelector("#log li.app"));
            assertEquals("Ops", entry.findElement(By.className("who")).getText().replace("APP", "").trim());
            assertEquals("app", entry.findElement(By.className("badge")).getText().toLowerCase());

            api.postJson("users/" + user + "/messages", "{\"text\":\"Your export is ready\",\"sender\":\"Reports\"}");
            assertTrue(browser.awaitText(By.id("personal"), "Your export is ready").contains("Reports"));

            api.postJson("users/" + user + "/disconnect", "{\"reason\":\"maintenance\"}");
            assertEquals("You were disconnected: maintenance.", page.awaitSignInAgain());
        }
    }

    /**
     * A user signed in to the application by its session cookie: the page connects without a token, the browser
     * sends the cookie with the handshake, and the server's connect proxy (the test's backend) names the user and
     * the rooms they may use. Without the cookie the backend refuses, and the page says the sign-in was refused.
     */
    @Test
    void theBackendSignsAUserInByTheSessionCookieThroughThePage() throws Exception {
        try (BackendReceiver backend = BackendReceiver.start(); Browser browser = new Browser()) {
            browser.open(server.http(""));
            browser.driver().findElement(By.id("signin-session")).click();
            assertTrue(ChatPage.attach(browser).awaitSignInAgain().contains("refused"), "no cookie: refused");

            browser.driver().manage().addCookie(new Cookie("session", "good-dora"));
            browser.open(server.http(""));
            browser.driver().findElement(By.id("signin-session")).click();
            ChatPage page = ChatPage.attach(browser);
            page.awaitState("connected");
            assertEquals("dora", browser.awaitText(By.id("user"), "dora"));
            String room = "cookie-" + UUID.randomUUID().toString().substring(0, 8);
            page.join(room);
            page.say("signed in by cookie");
            page.awaitMessage("signed in by cookie");
            assertTrue(backend.proxied().stream().anyMatch(request -> request.containsKey("cookies")
                    && "good-dora".equals(request.getJsonObject("cookies").getString("session", null))));
        }
    }

    @Test
    @Tag("no-store")
    void theClientRefreshesAnExpiringTokenThroughGetToken() {
        String events = watchClient("refresher", true);
        assertTrue(events.contains("token_expiring") && events.contains("refreshed"), events);
        assertFalse(events.contains("closed"), "still open past the first token's exp: " + events);
    }

    @Test
    @Tag("no-store")
    void withoutGetTokenTheClientStopsUnauthorizedWhenTheTokenExpires() {
        String events = watchClient("no-refresher", false);
        assertTrue(events.contains("closed:4001"), events);
        assertTrue(events.endsWith("unauthorized"), events);
    }

    /** Runs the page's client module with a token that expires soon; returns the events it saw, in order. */
    private String watchClient(String user, boolean withGetToken) {
        String soon = token(user, Instant.now().plusSeconds(TokenLifetimeIT.WARNING_SECONDS + 2));
        String later = token(user, Instant.now().plus(Duration.ofHours(1)));
        try (Browser browser = new Browser()) {
            browser.open(server.http(""));
            browser.driver().manage().timeouts().scriptTimeout(WATCH.plusSeconds(20));
            Object events = browser.driver().executeAsyncScript("""
                    const [soon, later, withGetToken, watchMs, done] = arguments;
                    import(new URL("js/roomcast-client.js", location.href)).then(({ RoomcastClient }) => {
                      const seen = [];
                      const client = new RoomcastClient(new URL("ws/chat", location.href), soon,
                        withGetToken ? { getToken: async () => later } : {});
                      for (const type of ["welcome", "token_expiring", "refreshed", "closed", "unauthorized"]) {
                        client.addEventListener(type, (e) => seen.push(type + (e.detail?.code ? ":" + e.detail.code : "")));
                      }
                      client.connect();
                      setTimeout(() => { client.close(); done(seen.join(",")); }, watchMs);
                    });
                    """, soon, later, withGetToken, WATCH.toMillis());
            return (String) events;
        }
    }

    private static String token(String user, Instant exp) {
        return TestTokens.sign(TestTokens.claims(user).expirationTime(Date.from(exp)).build(), JWSAlgorithm.HS256);
    }
}
