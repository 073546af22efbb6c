package dev.roomcast.message;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The protocol documents name every message type and error code that the code can put on the wire. */
class ProtocolDocumentsTest {

    private static List<String> aliases(Class<?> hierarchy) {
        return Arrays.stream(hierarchy.getAnnotation(JsonbTypeInfo.class).value()).map(JsonbSubtype::alias).toList();
    }

    private static List<String> allTypes() {
        return Stream.concat(aliases(ClientMessage.class).stream(), aliases(ServerMessage.class).stream()).toList();
    }

    @Test
    void asyncApiDefinesEveryMessageType() throws Exception {
        String asyncApi = Files.readString(Path.of("docs/asyncapi.yaml"));
        for (String type : allTypes()) {
            assertTrue(asyncApi.contains("type: {type: string, const: " + type + "}"),
                    "docs/asyncapi.yaml has no message whose type is '" + type + "'");
            assertTrue(asyncApi.contains("      " + type + ": {$ref: '#/components/messages/" + type + "'}"),
                    "the chat channel of docs/asyncapi.yaml does not list '" + type + "'");
        }
    }

    @Test
    void protocolDocumentDescribesEveryMessageTypeAndErrorCode() throws Exception {
        String protocol = Files.readString(Path.of("docs/PROTOCOL.md"));
        for (String type : allTypes()) {
            assertTrue(protocol.contains("### `" + type + "`"), "docs/PROTOCOL.md has no section for '" + type + "'");
            assertTrue(protocol.contains("{\"type\":\"" + type + "\""), "docs/PROTOCOL.md has no example of '" + type + "'");
        }
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(protocol.contains("| `" + code.wire() + "` |"), "docs/PROTOCOL.md does not explain " + code.wire());
        }
    }

    @Test
    void asyncApiListsEveryErrorCodeThatIsSentAsAMessage() throws Exception {
        String asyncApi = Files.readString(Path.of("docs/asyncapi.yaml"));
        for (ErrorCode code : ErrorCode.values()) {
            if (code != ErrorCode.TOO_BIG) {
                assertTrue(asyncApi.matches("(?s).*enum: \\[[^]]*\\b" + code.wire() + "\\b.*"),
                        "docs/asyncapi.yaml does not list error code " + code.wire());
            }
        }
    }
}
