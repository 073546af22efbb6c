package dev.roomcast.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads raw setting values and turns each mistake into one sentence that names the setting in both its
 * forms, so that a server with a bad setting stops with that sentence (the standalone runner prints it and
 * exits with 1; an application server fails the deployment with it). A setting that is present but empty is
 * a mistake too: it usually means a variable that was meant to be filled in.
 */
public final class SettingReader {

    private final Function<String, String> source;

    /** {@code source} maps the property form of a name ({@code max-frame-bytes}) to its raw value, or null. */
    public SettingReader(Function<String, String> source) {
        this.source = source;
    }

    /** The value, trimmed; null when the setting is absent. */
    public String text(String name) {
        String raw = source.apply(name);
        if (raw == null) {
            return null;
        }
        if (raw.isBlank()) {
            throw invalid(name, "is empty: give it a value or leave it unset");
        }
        return raw.trim();
    }

    /** A whole number of at least {@code min}, or {@code fallback} when absent. */
    public int integer(String name, int fallback, int min) {
        String raw = text(name);
        if (raw == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a whole number, not '" + raw + "'");
        }
        if (value < min) {
            throw invalid(name, "must be at least " + min + ", not " + value);
        }
        return value;
    }

    /** {@code true} or {@code false} (any case), or {@code fallback} when absent. */
    public boolean flag(String name, boolean fallback) {
        String raw = text(name);
        if (raw == null) {
            return fallback;
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, "must be true or false, not '" + raw + "'");
        };
    }

    /** A comma-separated list, or {@code fallback} when absent. */
    public List<String> list(String name, List<String> fallback) {
        String raw = text(name);
        return raw == null ? fallback
                : Arrays.stream(raw.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    /**
     * An absolute {@code http://} or {@code https://} URL with a host, or null when absent: where the webhooks and
     * the proxies go. Only settings name them, never a client.
     */
    public URI httpUrl(String name) {
        String raw = text(name);
        if (raw == null) {
            return null;
        }
        URI url;
        try {
            url = new URI(raw);
        } catch (URISyntaxException e) {
            throw invalid(name, "is not a URL: " + e.getReason());
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw invalid(name, "must be an absolute http:// or https:// URL with a host, not '" + raw + "'");
        }
        return url;
    }

    /** A file this process can read, or null when absent. */
    public Path readableFile(String name) {
        String raw = text(name);
        if (raw == null) {
            return null;
        }
        Path file = Path.of(raw);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw invalid(name, "names no readable file: " + file.toAbsolutePath());
        }
        return file;
    }

    /** The file's text, or a message that names the setting it came from. */
    public static String read(String name, Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw invalid(name, "cannot be read: " + e);
        }
    }

    /** A setting's mistake, as one sentence: {@code roomcast.NAME (ROOMCAST_NAME) <problem>}. */
    public static InvalidSettingException invalid(String name, String problem) {
        return new InvalidSettingException("roomcast." + name + " (" + environmentName(name) + ") " + problem);
    }

    /** A setting the server cannot run with; its message is the whole explanation, for one line of output. */
    public static final class InvalidSettingException extends IllegalArgumentException {

        InvalidSettingException(String message) {
            super(message);
        }
    }

    public static String environmentName(String name) {
        return "ROOMCAST_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
