package dev.roomcast.cluster;

import dev.roomcast.backend.Node;
import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.message.InvalidMessageException;
import dev.roomcast.message.JsonCodec;
import dev.roomcast.message.JsonEncoder;
import dev.roomcast.metrics.Meters;
import dev.roomcast.registry.NodeReport;
import dev.roomcast.registry.Nodes;
import dev.roomcast.registry.SessionRegistry;
import dev.roomcast.room.RoomStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

/**
 * {@link Nodes}: this node's figures, read from its registry, room store and meters; on a clustered node, every
 * node's, which each writes to Redis every {@link #REPORT_INTERVAL} and which last there until a node has been
 * silent for the presence TTL (then it is forgotten, like its presence).
 */
@ApplicationScoped
public class ClusterNodes implements Nodes {

    /** Often enough for the console's charts, which sample every few seconds; one small write per node. */
    static final Duration REPORT_INTERVAL = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(ClusterNodes.class.getName());

    private final JsonEncoder encoder = new JsonEncoder();

    @Inject
    SessionRegistry registry;

    @Inject
    RoomStore rooms;

    @Inject
    Meters meters;

    @Inject
    Scheduler scheduler;

    /** Set when the application starts (this observer makes the bean then), for the node's uptime. */
    private volatile Instant startedAt = Instant.now();
    private volatile RedisBroker broker;
    private Duration silentFor;
    private ScheduledFuture<?> reporting;

    void started(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        startedAt = Instant.now();
    }

    /** Starts writing this node's figures to {@code broker}. */
    void connect(RedisBroker broker, ClusterSettings cluster) {
        this.broker = broker;
        this.silentFor = Duration.ofSeconds(cluster.presenceTtlSeconds());
        report();
        reporting = scheduler.every(REPORT_INTERVAL, this::report);
    }

    @PreDestroy
    void stop() {
        if (reporting != null) {
            reporting.cancel(false);
        }
    }

    @Override
    public NodeReport here() {
        MeterRegistry meters = this.meters.registry();
        JsonObjectBuilder refused = Json.createObjectBuilder();
        meters.find("roomcast.handshakes.refused").counters()
                .forEach(counter -> refused.add(counter.getId().getTag("reason"), (long) counter.count()));
        return new NodeReport(Node.NAME, Node.VERSION, startedAt, Instant.now(),
                registry.isAccepting() && rooms.broker().reachable(), registry.size(),
                (int) gauge(meters, "roomcast.users"), rooms.size(),
                total(meters, "roomcast.messages.received"), total(meters, "roomcast.messages.delivered"),
                (long) gauge(meters, "roomcast.send.queue.depth.max"), refused.build());
    }

    @Override
    public CompletionStage<List<NodeReport>> list() {
        RedisBroker broker = this.broker;
        if (broker == null) {
            return CompletableFuture.completedFuture(List.of(here()));
        }
        return broker.nodeReports().thenApply(reports -> {
            NodeReport here = here();
            Instant forgotten = here.sampledAt().minus(silentFor);
            List<NodeReport> nodes = new ArrayList<>(List.of(here));
            List<String> silent = new ArrayList<>();
            for (Map.Entry<String, String> entry : reports.entrySet()) {
                if (entry.getKey().equals(Node.NAME)) {
                    continue;
                }
                NodeReport report = read(entry.getValue());
                if (report == null || report.sampledAt().isBefore(forgotten)) {
                    silent.add(entry.getKey());
                } else {
                    nodes.add(report);
                }
            }
            broker.forgetNodes(silent);
            nodes.sort(Comparator.comparing(NodeReport::node));
            return nodes;
        });
    }

    private void report() {
        broker.reportNode(Node.NAME, encoder.encode(here()), silentFor.toMillis()).exceptionally(failure -> {
            LOG.log(System.Logger.Level.DEBUG, "could not report this node's figures: {0}", failure.toString());
            return null;
        });
    }

    /** A report another node wrote, or null if it is not one (a node of another version, say): then it is dropped. */
    private static NodeReport read(String json) {
        try {
            NodeReport report = JsonCodec.decode(json, NodeReport.class);
            return report.sampledAt() == null ? null : report;
        } catch (InvalidMessageException | RuntimeException notAReport) {
            return null;
        }
    }

    private static long total(MeterRegistry meters, String name) {
        return (long) meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double gauge(MeterRegistry meters, String name) {
        Gauge gauge = meters.find(name).gauge();
        return gauge == null ? 0 : gauge.value();
    }
}
