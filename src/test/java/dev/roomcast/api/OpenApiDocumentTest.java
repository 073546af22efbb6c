package dev.roomcast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.roomcast.message.ServerMessage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/** docs/openapi.yaml and the server API's resource classes describe the same API. */
class OpenApiDocumentTest {

    static Map<String, Object> document;

    @BeforeAll
    static void read() throws IOException {
        try (Reader in = Files.newBufferedReader(java.nio.file.Path.of("docs", "openapi.yaml"))) {
            document = new Yaml().load(in);
        }
    }

    @Test
    void everyOperationIsDocumentedAndEveryDocumentedOneExists() {
        assertEquals(operationsOfTheResources().keySet(), operationsOfTheDocument().keySet());
    }

    @Test
    void everyOperationHasTheParametersItTakes() {
        Map<String, Set<String>> documented = operationsOfTheDocument();
        operationsOfTheResources().forEach((operation, parameters) ->
                assertEquals(parameters, documented.get(operation), operation));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "Publish, dev.roomcast.api.Requests$Publish",
        "Personal, dev.roomcast.api.Requests$Personal",
        "Disconnect, dev.roomcast.api.Requests$Disconnect",
        "Published, dev.roomcast.room.RoomStore$Published",
        "RoomInfo, dev.roomcast.room.RoomStore$RoomInfo",
        "Page, dev.roomcast.room.RoomStore$Page",
        "RoomList, dev.roomcast.api.RoomsResource$RoomList",
        "Addressed, dev.roomcast.api.UsersResource$Addressed",
        "Error, dev.roomcast.api.ApiError",
        "Message, dev.roomcast.message.ServerMessage$Posted",
    })
    void eachSchemaHasTheFieldsOfItsRecord(String schema, Class<?> record) {
        Set<String> fields = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        if (ServerMessage.class.isAssignableFrom(record)) {
            fields.add("type");
        }
        assertEquals(fields, new TreeSet<>(properties(schema).keySet()), schema);
    }

    @Test
    void theRoomSummaryOfTheListIsTheDirectorysRecord() {
        @SuppressWarnings("unchecked")
        Map<String, Object> rooms = (Map<String, Object>) properties("RoomList").get("rooms");
        @SuppressWarnings("unchecked")
        Map<String, Object> items = (Map<String, Object>) rooms.get("items");
        @SuppressWarnings("unchecked")
        Set<String> names = ((Map<String, Object>) items.get("properties")).keySet();
        assertEquals(Arrays.stream(ServerMessage.RoomSummary.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toSet()), names);
    }

    /** "METHOD /path" -> names of its path and query parameters, from the resource classes. */
    private static Map<String, Set<String>> operationsOfTheResources() {
        Map<String, Set<String>> operations = new TreeMap<>();
        for (Class<?> type : ServerApi.CLASSES) {
            Path base = type.getAnnotation(Path.class);
            if (base == null) {
                continue; // the filter
            }
            for (Method method : type.getDeclaredMethods()) {
                String verb = method.isAnnotationPresent(GET.class) ? "GET" : method.isAnnotationPresent(POST.class)
                        ? "POST" : null;
                if (verb == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = "/" + base.value() + (sub == null ? "" : "/" + sub.value());
                Set<String> parameters = new TreeSet<>();
                for (Parameter parameter : method.getParameters()) {
                    if (parameter.isAnnotationPresent(PathParam.class)) {
                        parameters.add(parameter.getAnnotation(PathParam.class).value());
                    } else if (parameter.isAnnotationPresent(QueryParam.class)) {
                        parameters.add(parameter.getAnnotation(QueryParam.class).value());
                    }
                }
                operations.put(verb + " " + path, parameters);
            }
        }
        return operations;
    }

    /** The same, from the document (parameters by reference resolved). */
    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> operationsOfTheDocument() {
        Map<String, Set<String>> operations = new TreeMap<>();
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((verb, operation) -> {
            Set<String> parameters = new TreeSet<>();
            List<Map<String, Object>> declared =
                    (List<Map<String, Object>>) ((Map<String, Object>) operation).getOrDefault("parameters", List.of());
            for (Map<String, Object> parameter : declared) {
                Map<String, Object> resolved = parameter.containsKey("$ref") ? component("parameters",
                        (String) parameter.get("$ref")) : parameter;
                parameters.add((String) resolved.get("name"));
            }
            operations.put(verb.toUpperCase() + " " + path, parameters);
        }));
        return operations;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(String schema) {
        Map<String, Object> found = component("schemas", "#/components/schemas/" + schema);
        assertNotNull(found, "no schema " + schema);
        return (Map<String, Object>) found.get("properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> component(String kind, String reference) {
        String name = reference.substring(reference.lastIndexOf('/') + 1);
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) document.get("components"))
                .get(kind)).get(name);
    }
}
