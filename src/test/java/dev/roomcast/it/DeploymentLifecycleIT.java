package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runtime-specific: the WAR's life on an application server that runs many deployments for months, seen in
 * the server's log (WildFly's; this class deploys the WAR itself, under names of its own).
 */
@Tag("wildfly-only")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeploymentLifecycleIT {

    private static final String NAME = "redeployed.war";
    private static final String MISCONFIGURED = "misconfigured.war";
    private static final Path HOME = Path.of(System.getProperty("jboss.home", "target/wildfly"));
    private static final Path LOG = HOME.resolve("standalone/log/server.log");

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = NAME, managed = false, testable = false)
    public static WebArchive war() {
        return named(NAME);
    }

    @Deployment(name = MISCONFIGURED, managed = false, testable = false)
    public static WebArchive misconfigured() {
        return named(MISCONFIGURED);
    }

    /**
     * Undeploying must leave nothing running. WildFly's managed executor goes on running an undeployed
     * application's periodic tasks, which then fail against its dead CDI container every few seconds, for good.
     */
    @Test
    void anUndeployedWarLeavesNoTaskRunning() throws Exception {
        deployer.deploy(NAME);
        deployer.undeploy(NAME);
        long undeployedAt = Files.size(LOG);
        Thread.sleep(11_000); // two sweeps of the registry (every 5 s) and any heartbeat
        String since = logSince(undeployedAt);
        assertFalse(since.contains("scheduled task failed"), "the undeployed WAR still ran its tasks:\n" + since);
        assertFalse(since.contains("after container " + NAME), "the undeployed WAR still ran its tasks:\n" + since);
    }

    /** A bad setting fails the deployment, and the server's log says which setting and what is wrong with it. */
    @Test
    void aBadSettingFailsTheDeploymentWithItsSentence() throws Exception {
        long before = Files.size(LOG);
        cli("/system-property=roomcast.send-queue-limit:add(value=lots)");
        try {
            assertThrows(Exception.class, () -> deployer.deploy(MISCONFIGURED));
        } finally {
            try {
                deployer.undeploy(MISCONFIGURED);
            } catch (RuntimeException notDeployed) {
                // a failed deployment may already be gone
            }
            cli("/system-property=roomcast.send-queue-limit:remove");
        }
        assertTrue(logSince(before).contains(
                "roomcast.send-queue-limit (ROOMCAST_SEND_QUEUE_LIMIT) must be a whole number, not 'lots'"),
                "the log does not name the setting:\n" + logSince(before));
    }

    private static WebArchive named(String name) {
        File war = new File(System.getProperty("roomcast.war", "target/roomcast.war"));
        return ShrinkWrap.create(WebArchive.class, name).merge(ShrinkWrap.createFromZipFile(WebArchive.class, war));
    }

    private static String logSince(long offset) throws IOException {
        byte[] whole = Files.readAllBytes(LOG);
        return new String(whole, (int) offset, whole.length - (int) offset, StandardCharsets.UTF_8);
    }

    /** One management operation through WildFly's own CLI (local authentication, as an operator on the host). */
    private static void cli(String operation) throws Exception {
        Process cli = new ProcessBuilder(HOME.resolve("bin/jboss-cli.sh").toString(), "--connect",
                "--controller=remote+http://127.0.0.1:30090", // arquillian.xml: managementPort
                "--command=" + operation).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "jboss-cli did not finish");
        assertEquals(0, cli.exitValue(), operation + ": " + output);
    }
}
