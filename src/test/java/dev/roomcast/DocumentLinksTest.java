package dev.roomcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md is the front door and docs/ the depth behind it: every relative link in them (Markdown links and
 * {@code <img src>}) leads to a file that exists, and every {@code #anchor} to a heading of that file, as GitHub
 * names headings. Links to the web are not followed.
 */
class DocumentLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)|<img src=\"([^\"]+)\"");
    private static final Pattern CODE_BLOCK = Pattern.compile("(?s)```.*?```");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");

    @Test
    void everyRelativeLinkAndAnchorLeadsSomewhere() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md"), Path.of("bench/README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path document : documents) {
            String text = INLINE_CODE.matcher(CODE_BLOCK.matcher(Files.readString(document)).replaceAll("")).replaceAll("");
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1) != null ? link.group(1) : link.group(2);
                if (target.matches("[a-z]+:.*")) {
                    continue; // http:, https:, mailto:
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? document : document.resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(document + ": " + target + " (no " + resolved + ")");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(document + ": " + target + " (no such heading in " + resolved + ")");
                }
            }
        }
        assertEquals(List.of(), broken, "broken links, of " + checked + " checked");
    }

    /** GitHub's anchors for a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        if (!file.toString().endsWith(".md")) {
            return anchors;
        }
        String text = CODE_BLOCK.matcher(Files.readString(file)).replaceAll("");
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
                anchors.add(heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
