package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Runtime-specific: an application server runs many deployments for months, so undeploying the WAR must leave
 * nothing of it running. WildFly's managed executor goes on running an undeployed application's periodic
 * tasks, which then fail against its dead CDI container every few seconds, in the server's log, for good.
 * This deploys the WAR under a name of its own, undeploys it, waits out two registry sweeps, and reads the log.
 */
@Tag("wildfly-only")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedeployIT {

    private static final String NAME = "redeployed.war";

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = NAME, managed = false, testable = false)
    public static WebArchive war() {
        File war = new File(System.getProperty("roomcast.war", "target/roomcast.war"));
        return ShrinkWrap.create(WebArchive.class, NAME).merge(ShrinkWrap.createFromZipFile(WebArchive.class, war));
    }

    @Test
    void anUndeployedWarLeavesNoTaskRunning() throws Exception {
        Path log = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
        deployer.deploy(NAME);
        deployer.undeploy(NAME);
        long undeployedAt = Files.size(log);
        Thread.sleep(11_000); // two sweeps of the registry (every 5 s) and any heartbeat
        byte[] whole = Files.readAllBytes(log);
        String since = new String(whole, (int) undeployedAt, whole.length - (int) undeployedAt, StandardCharsets.UTF_8);
        assertFalse(since.contains("scheduled task failed"), "the undeployed WAR still ran its tasks:\n" + since);
        assertFalse(since.contains("after container " + NAME), "the undeployed WAR still ran its tasks:\n" + since);
    }
}
