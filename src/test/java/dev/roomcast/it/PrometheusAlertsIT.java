package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.Prometheus;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules in docs/, checked by Prometheus's own tool: they load, and each alert fires and stays quiet
 * where its unit tests (docs/prometheus-alerts.test.yaml) say. No server is needed, so it runs in one pass.
 */
@Tag("standalone-only")
@Tag("own-servers")
class PrometheusAlertsIT {

    private static final Path DOCS = Path.of("docs");

    @Test
    void theRulesLoad() throws Exception {
        String output = Prometheus.promtool(DOCS, "check", "rules", "prometheus-alerts.yaml");
        assertTrue(output.contains("SUCCESS: 6 rules found"), output);
    }

    @Test
    void everyAlertFiresAndStaysQuietAsItsUnitTestsSay() throws Exception {
        String output = Prometheus.promtool(DOCS, "test", "rules", "prometheus-alerts.test.yaml");
        assertTrue(output.contains("SUCCESS"), output);
    }
}
