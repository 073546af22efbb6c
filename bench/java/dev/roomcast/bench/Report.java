package dev.roomcast.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Turns the generator's result lines into the four-way table of docs/PERFORMANCE.md (Node's ws, the
 * standalone runner, the WAR on WildFly and on Payara Micro, each with its ratio to Node) and a plot of
 * those ratios. Where a scenario ran several rounds, every figure is the median of its rounds.
 *
 * <pre>java dev.roomcast.bench.Report RESULTS_FILE PLOT_PNG</pre>
 */
public final class Report {

    static final List<String> SERVERS = List.of("node", "standalone", "wildfly", "payara");

    /** A row of the table: which results it reads (a scenario key), which figure, and how it is said. */
    private record Figure(String label, String key, String figure, boolean higherIsBetter, boolean plotted) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("echo, 50 connections: round trips/s", "echo", "round_trips_per_s", true, true),
            new Figure("echo: server CPU per round trip (µs)", "echo", "cpu_us_per_round_trip", false, true),
            new Figure("json, 50 connections: round trips/s", "json", "round_trips_per_s", true, true),
            new Figure("json: server CPU per round trip (µs)", "json", "cpu_us_per_round_trip", false, true),
            new Figure("echo, Node ws client, 50 connections: round trips/s", "echo-node-client", "round_trips_per_s",
                    true, false),
            new Figure("echo, Node ws client: server CPU per round trip (µs)", "echo-node-client",
                    "cpu_us_per_round_trip", false, false),
            new Figure("json, Node ws client, 50 connections: round trips/s", "json-node-client", "round_trips_per_s",
                    true, false),
            new Figure("json, Node ws client: server CPU per round trip (µs)", "json-node-client",
                    "cpu_us_per_round_trip", false, false),
            new Figure("broadcast, 100 subscribers, 1 sender, saturated: deliveries/s", "broadcast 100 1 saturated",
                    "deliveries_per_s", true, true),
            new Figure("broadcast, 1 sender: server CPU per delivery (µs)", "broadcast 100 1 saturated",
                    "cpu_us_per_delivery", false, true),
            new Figure("broadcast, 100 subscribers, 4 senders, saturated: deliveries/s", "broadcast 100 4 saturated",
                    "deliveries_per_s", true, true),
            new Figure("broadcast, 4 senders: server CPU per delivery (µs)", "broadcast 100 4 saturated",
                    "cpu_us_per_delivery", false, true),
            new Figure("broadcast, 4 senders x 50/s (20,000 deliveries/s): server CPU per delivery (µs)",
                    "broadcast 100 4 50", "cpu_us_per_delivery", false, true),
            new Figure("broadcast, 4 senders x 50/s: p99 latency (ms)", "broadcast 100 4 50", "p99_ms", false, false),
            new Figure("chat, 100 subscribers, 4 senders, saturated: deliveries/s", "chat 100 4 saturated",
                    "deliveries_per_s", true, false),
            new Figure("chat: server CPU per delivery (µs)", "chat 100 4 saturated", "cpu_us_per_delivery", false, false),
            new Figure("15,000 idle connections: RSS per connection (KiB)", "idle", "rss_kib_per_connection", false, true));

    public static void main(String[] args) throws Exception {
        // server -> scenario key -> figure -> values of every round
        Map<String, Map<String, Map<String, List<Double>>>> results = new HashMap<>();
        Map<String, Long> lost = new HashMap<>();
        List<String> floor = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            Map<String, String> row = new HashMap<>();
            for (String pair : line.trim().split(" ")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    row.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
            if (line.startsWith("floor")) {
                floor.add(line);
                continue;
            }
            if (!row.containsKey("server")) {
                continue;
            }
            if (row.containsKey("p99_us")) {
                row.put("p99_ms", String.valueOf(Double.parseDouble(row.get("p99_us")) / 1000));
            }
            Map<String, List<Double>> figures = results.computeIfAbsent(row.get("server"), s -> new HashMap<>())
                    .computeIfAbsent(key(row), k -> new HashMap<>());
            row.forEach((name, value) -> {
                try {
                    figures.computeIfAbsent(name, f -> new ArrayList<>()).add(Double.parseDouble(value));
                } catch (NumberFormatException notAFigure) {
                    // server, scenario, rate: labels
                }
            });
            lost.merge(row.get("server"), row.containsKey("lost") ? Long.parseLong(row.get("lost")) : 0, Long::sum);
        }

        System.out.println("| Figure | Node ws | Standalone | WildFly | Payara Micro |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        Map<String, Map<String, Double>> ratios = new LinkedHashMap<>();
        for (Figure figure : FIGURES) {
            Double node = median(results, "node", figure);
            StringBuilder line = new StringBuilder("| " + figure.label());
            for (String server : SERVERS) {
                Double value = median(results, server, figure);
                line.append(" | ").append(value == null ? "-" : format(value));
                if (value != null && node != null && node > 0 && !server.equals("node")) {
                    double ratio = value / node;
                    line.append(String.format(Locale.ROOT, " (%.2fx)", ratio));
                    if (figure.plotted()) {
                        ratios.computeIfAbsent(figure.label(), l -> new LinkedHashMap<>()).put(server, ratio);
                    }
                }
            }
            System.out.println(line.append(" |"));
        }
        StringBuilder lostLine = new StringBuilder("| messages lost, all scenarios");
        SERVERS.forEach(server -> lostLine.append(" | ").append(lost.getOrDefault(server, 0L)));
        System.out.println(lostLine.append(" |"));
        floor.forEach(line -> System.out.println("| " + line + " | | | | |"));
        if (args.length > 1) {
            plot(ratios, Path.of(args[1]));
        }
    }

    /** Which scenario a result line belongs to: its name, and for fan-outs subscribers, senders and rate. */
    private static String key(Map<String, String> row) {
        String scenario = row.get("scenario");
        return row.containsKey("senders")
                ? scenario + " " + row.get("subscribers") + " " + row.get("senders") + " " + row.get("rate")
                : scenario;
    }

    private static Double median(Map<String, Map<String, Map<String, List<Double>>>> results, String server,
                                 Figure figure) {
        List<Double> values = results.getOrDefault(server, Map.of()).getOrDefault(figure.key(), Map.of())
                .get(figure.figure());
        if (values == null || values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** One group of bars per figure: each runtime's ratio to Node, with a line at 1.0 (Node). */
    private static void plot(Map<String, Map<String, Double>> ratios, Path png) throws Exception {
        int rowHeight = 54;
        int width = 1100;
        int height = 70 + rowHeight * ratios.size();
        int left = 430;
        int right = width - 30;
        double max = Math.max(2, ratios.values().stream().flatMap(r -> r.values().stream())
                .mapToDouble(Double::doubleValue).max().orElse(1) * 1.05);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Map<String, Color> colors = new LinkedHashMap<>();
        colors.put("standalone", new Color(47, 111, 237));
        colors.put("wildfly", new Color(230, 140, 20));
        colors.put("payara", new Color(40, 150, 90));
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Ratio to Node ws, same run (throughput: higher is better; CPU and memory: lower is better)", 20, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int legendX = left;
        for (Map.Entry<String, Color> server : colors.entrySet()) {
            g.setColor(server.getValue());
            g.fillRect(legendX, 34, 12, 12);
            g.setColor(Color.DARK_GRAY);
            g.drawString(server.getKey(), legendX + 16, 45);
            legendX += 110;
        }
        int y = 60;
        for (Map.Entry<String, Map<String, Double>> row : ratios.entrySet()) {
            g.setColor(Color.DARK_GRAY);
            g.drawString(shorten(row.getKey()), 20, y + rowHeight / 2);
            int bar = 0;
            for (Map.Entry<String, Color> server : colors.entrySet()) {
                Double ratio = row.getValue().get(server.getKey());
                if (ratio != null) {
                    int length = (int) ((right - left) * ratio / max);
                    g.setColor(server.getValue());
                    g.fillRect(left, y + 6 + bar * 14, length, 12);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(String.format(Locale.ROOT, "%.2f", ratio), left + length + 4, y + 17 + bar * 14);
                }
                bar++;
            }
            y += rowHeight;
        }
        int one = left + (int) ((right - left) / max);
        g.setColor(new Color(197, 48, 48));
        g.drawLine(one, 55, one, height - 10);
        g.drawString("Node = 1", one + 4, height - 12);
        ImageIO.write(image, "png", png.toFile());
    }

    private static String shorten(String label) {
        return label.length() > 62 ? label.substring(0, 60) + "…" : label;
    }
}
