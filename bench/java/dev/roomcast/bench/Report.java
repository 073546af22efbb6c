package dev.roomcast.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Turns the generator's result lines into the table of docs/PERFORMANCE.md (Roomcast beside the Node ws
 * peer, with ratios and the cost per delivery as a multiple of the kernel floor) and a plot of broadcast
 * deliveries per second and p99 latency against the number of subscribers.
 */
public final class Report {

    public static void main(String[] args) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        Map<String, String> floor = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            Map<String, String> row = new HashMap<>();
            for (String pair : line.trim().split(" ")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    row.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
            if (line.startsWith("floor")) {
                floor.put(row.get("batch"), row.get("cpu_ns_per_frame"));
            } else if (row.containsKey("server")) {
                rows.add(row);
            }
        }
        double floorUs = Double.parseDouble(floor.getOrDefault("1", "0")) / 1000;
        System.out.println("| Scenario | Figure | Roomcast | Node ws | Roomcast / Node |");
        System.out.println("| --- | --- | ---: | ---: | ---: |");
        for (Map<String, String> roomcast : rows) {
            if (!roomcast.get("server").equals("roomcast")) {
                continue;
            }
            Map<String, String> node = rows.stream()
                    .filter(r -> r.get("server").equals("node") && r.get("scenario").equals(roomcast.get("scenario"))
                            && String.valueOf(r.get("subscribers")).equals(String.valueOf(roomcast.get("subscribers"))))
                    .findFirst().orElse(Map.of());
            String scenario = switch (roomcast.get("scenario")) {
                case "echo" -> "echo, " + roomcast.get("connections") + " connections";
                case "broadcast" -> "broadcast, " + roomcast.get("subscribers") + " subscribers, "
                        + roomcast.get("senders") + " senders";
                default -> "idle, " + roomcast.get("connections") + " connections";
            };
            for (String figure : figures(roomcast.get("scenario"))) {
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", scenario, figure, roomcast.get(figure),
                        node.getOrDefault(figure, "-"), ratio(roomcast.get(figure), node.get(figure)));
            }
            if (roomcast.get("scenario").equals("broadcast") && floorUs > 0) {
                double cpu = Double.parseDouble(roomcast.get("cpu_us_per_delivery"));
                System.out.printf(Locale.ROOT, "| %s | cpu per delivery / write() floor | %.1f× | %s | |%n", scenario,
                        cpu / floorUs, node.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f×",
                                Double.parseDouble(node.get("cpu_us_per_delivery")) / floorUs));
            }
        }
        floor.forEach((batch, ns) -> System.out.printf("| floor | CPU ns per frame, %s frame(s) per write() | %s | | |%n",
                batch, ns));
        plot(rows, Path.of(args[1]));
    }

    private static List<String> figures(String scenario) {
        return switch (scenario) {
            case "echo" -> List.of("round_trips_per_s", "p50_us", "p99_us", "cpu_us_per_round_trip");
            case "broadcast" -> List.of("deliveries_per_s", "p50_us", "p99_us", "cpu_us_per_delivery", "lost");
            default -> List.of("rss_kib_per_connection");
        };
    }

    private static String ratio(String a, String b) {
        if (a == null || b == null) {
            return "";
        }
        double denominator = Double.parseDouble(b);
        return denominator == 0 ? "" : String.format(Locale.ROOT, "%.2f", Double.parseDouble(a) / denominator);
    }

    /** Two panels: deliveries per second, and p99 latency, against subscribers, one line per server. */
    private static void plot(List<Map<String, String>> rows, Path png) throws Exception {
        int width = 1000;
        int height = 420;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        panel(g, rows, "deliveries_per_s", 1, "broadcast deliveries per second", 0, width / 2, height);
        panel(g, rows, "p99_us", 1000, "p99 send-to-receive latency (ms)", width / 2, width / 2, height);
        ImageIO.write(image, "png", png.toFile());
    }

    private static void panel(Graphics2D g, List<Map<String, String>> rows, String figure, double divisor,
            String title, int x0, int width, int height) {
        int left = x0 + 70;
        int right = x0 + width - 20;
        int top = 40;
        int bottom = height - 50;
        List<Map<String, String>> broadcasts = rows.stream().filter(r -> r.get("scenario").equals("broadcast")).toList();
        double maxX = broadcasts.stream().mapToDouble(r -> Double.parseDouble(r.get("subscribers"))).max().orElse(1);
        double maxY = broadcasts.stream().mapToDouble(r -> Double.parseDouble(r.get(figure)) / divisor).max()
                .orElse(1) * 1.1;
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        g.drawString("subscribers", (left + right) / 2 - 30, height - 15);
        for (int i = 0; i <= 4; i++) {
            int y = bottom - (bottom - top) * i / 4;
            g.drawString(String.format(Locale.ROOT, "%.0f", maxY * i / 4), x0 + 5, y + 4);
            int x = left + (right - left) * i / 4;
            g.drawString(String.format(Locale.ROOT, "%.0f", maxX * i / 4), x - 8, bottom + 16);
        }
        Map<String, Color> colors = Map.of("roomcast", new Color(47, 111, 237), "node", new Color(197, 48, 48));
        int legend = 0;
        for (Map.Entry<String, Color> server : colors.entrySet()) {
            List<Map<String, String>> series = broadcasts.stream()
                    .filter(r -> r.get("server").equals(server.getKey())).toList();
            g.setColor(server.getValue());
            g.setStroke(new BasicStroke(2.5f));
            int previousX = -1;
            int previousY = -1;
            for (Map<String, String> point : series) {
                int x = left + (int) ((right - left) * Double.parseDouble(point.get("subscribers")) / maxX);
                int y = bottom - (int) ((bottom - top) * Double.parseDouble(point.get(figure)) / divisor / maxY);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
            g.drawString(server.getKey(), right - 80, top + 15 + 16 * legend++);
        }
    }
}
