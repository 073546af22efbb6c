package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The WAR carries the application only: servers bring their own WebSocket, CDI, JSON-B and validation. */
@Tag("standalone-only")
class WarContentsIT {

    private static final List<String> SERVER_LIBRARIES =
            List.of("tyrus", "grizzly", "weld", "yasson", "parsson", "hibernate-validator", "expressly", "jakarta.");

    @Test
    void containsTheApplicationAndNoServerLibraries() throws Exception {
        Path war = Path.of(System.getProperty("roomcast.war", "target/roomcast.war"));
        try (ZipFile zip = new ZipFile(war.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertTrue(names.contains("WEB-INF/beans.xml"), "beans.xml from webapp/WEB-INF");
            assertTrue(names.contains("index.html"), "the page from webapp/");
            assertTrue(names.contains("WEB-INF/classes/dev/roomcast/endpoint/EchoEndpoint.class"));

            List<String> serverLibraries = names.stream()
                    .filter(name -> name.startsWith("WEB-INF/lib/"))
                    .filter(name -> SERVER_LIBRARIES.stream().anyMatch(name.substring(12)::startsWith))
                    .toList();
            assertEquals(List.of(), serverLibraries);
            assertEquals(List.of(), names.stream()
                    .filter(name -> name.contains("/standalone/") || name.contains("META-INF/services/org.glassfish"))
                    .toList(), "the standalone runner stays out of the WAR");
            assertEquals(List.of(), names.stream().filter(name -> name.contains("/dev/roomcast/client/")).toList(),
                    "the client library is a jar of its own");
        }
    }

    @Test
    void theClientJarHoldsTheClientAlone() throws Exception {
        try (ZipFile zip = new ZipFile(Path.of("target", "roomcast-client.jar").toFile())) {
            List<String> classes = zip.stream().map(ZipEntry::getName)
                    .filter(name -> !name.startsWith("META-INF/") && !name.endsWith("/")).toList();
            assertTrue(classes.contains("dev/roomcast/client/RoomcastClient.class"), classes.toString());
            assertEquals(List.of(), classes.stream().filter(name -> !name.startsWith("dev/roomcast/client/")).toList(),
                    "nothing of the server's");
        }
    }
}
