package dev.roomcast.standalone;

import dev.roomcast.backend.Node;
import dev.roomcast.config.SettingReader;
import dev.roomcast.config.Settings;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The runner's log as one JSON object per line ({@code roomcast.log-format=json}), for a log shipper: {@code time},
 * {@code level}, {@code node}, {@code logger}, {@code message}, the stack of an {@code error}, and the fields a
 * line carries as a map parameter (a refused handshake's {@code event}, {@code reason}, {@code address} ...).
 * The application servers format their own logs (WildFly's and Payara's JSON formatters); the fields are in
 * the message there.
 */
final class JsonLogFormatter extends Formatter {

    /** Looked up once: a provider lookup per line would cost more than the line. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /**
     * Applies {@code roomcast.log-format}: {@code text} (the default: the JDK's own lines) or {@code json} (this
     * formatter on every handler of the root logger); anything else stops the start.
     */
    static void apply() {
        String format = Objects.requireNonNullElse(new SettingReader(Settings::lookup).text("log-format"), "text");
        switch (format) {
            case "text" -> { }
            case "json" -> {
                for (Handler handler : Logger.getLogger("").getHandlers()) {
                    handler.setFormatter(new JsonLogFormatter());
                }
            }
            default -> throw SettingReader.invalid("log-format", "must be text or json, not '" + format + "'");
        }
    }

    /** A field's value: a number, a list of strings (a connection's rooms), or its text. */
    private static JsonValue json(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return JSON.createValue(((Number) value).longValue());
        }
        if (value instanceof Collection<?> items) {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            items.forEach(item -> array.add(String.valueOf(item)));
            return array.build();
        }
        return JSON.createValue(String.valueOf(value));
    }

    @Override
    public String format(LogRecord record) {
        JsonObjectBuilder line = JSON.createObjectBuilder()
                .add("time", record.getInstant().toString())
                .add("level", record.getLevel().getName())
                .add("node", Node.NAME)
                .add("logger", Objects.requireNonNullElse(record.getLoggerName(), ""))
                .add("message", Objects.requireNonNullElse(formatMessage(record), ""));
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                if (parameter instanceof Map<?, ?> fields) {
                    fields.forEach((name, value) -> line.add(String.valueOf(name), json(value)));
                }
            }
        }
        if (record.getThrown() != null) {
            StringWriter stack = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(stack));
            line.add("error", stack.toString());
        }
        return line.build() + System.lineSeparator();
    }
}
