package dev.roomcast.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/backend-contract.yaml against the code: the event types it lists are the ones {@link BackendEvent} has, and
 * the fields of its Event schema are the record's, so that a backend written from the document alone reads what is
 * sent.
 */
class BackendContractDocumentTest {

    private static Map<String, Object> event;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("docs/backend-contract.yaml"))) {
            Map<String, Object> document = new Yaml().load(reader);
            Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components"))
                    .get("schemas");
            event = (Map<String, Object>) schemas.get("Event");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDocumentListsEveryEventType() throws IllegalAccessException {
        List<String> types = new ArrayList<>();
        for (Field field : BackendEvent.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                types.add((String) field.get(null));
            }
        }
        Map<String, Object> type = (Map<String, Object>) ((Map<String, Object>) event.get("properties")).get("type");
        assertEquals(new TreeSet<>(types), new TreeSet<>((List<String>) type.get("enum")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEventSchemaHasTheFieldsOfTheRecord() {
        assertEquals(new TreeSet<>(Arrays.stream(BackendEvent.class.getRecordComponents()).map(RecordComponent::getName)
                .toList()), new TreeSet<>(((Map<String, Object>) event.get("properties")).keySet()));
    }
}
