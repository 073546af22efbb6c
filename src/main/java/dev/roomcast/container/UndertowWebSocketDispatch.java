package dev.roomcast.container;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import java.lang.reflect.Field;

/**
 * On Undertow (WildFly), runs this deployment's WebSocket endpoints on the I/O thread that read the frame,
 * instead of handing every message to a worker thread and every reply back to the I/O thread to be written.
 *
 * <p>Those two hand-offs per message were most of WildFly's cost on an echo (a JFR profile showed the
 * threads parking and unparking, docs/PERFORMANCE.md, "WildFly"); without them an echo costs less than half
 * the CPU. It is safe because no Roomcast endpoint blocks: sends go to an {@code Outbox} queue, the room
 * stores and Redis are asynchronous, and the handshake's checks run in a servlet filter, on a worker, before
 * the upgrade.
 *
 * <p>The switch is the undertow subsystem's {@code dispatch-to-worker}, which applies to every deployment
 * of the server; this sets it for this deployment alone. Undertow copies the setting into the deployment's
 * WebSocket container when its WebSocket bootstrap, itself a {@link ServletExtension}, creates that container,
 * and on WildFly 39 the bootstrap runs before the deployment's own extensions. So where the container
 * exists already, its copy of the flag is changed (a private field: reflection); where it does not yet, the
 * setting it will be created from. Either way nothing else changes, and if neither is found (another
 * Undertow), the default stays and a line in the log says so. {@code WebSocketDeploymentInfo} is reached by
 * reflection too, so that the WAR compiles against {@code undertow-servlet} alone: the WebSocket module's jar
 * would bring a second WebSocket implementation's service files onto the standalone runner's class path.
 */
public class UndertowWebSocketDispatch implements ServletExtension {

    private static final System.Logger LOG = System.getLogger(UndertowWebSocketDispatch.class.getName());
    private static final String INFO_ATTRIBUTE = "io.undertow.websockets.jsr.WebSocketDeploymentInfo";

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext servletContext) {
        try {
            Object container = servletContext.getAttribute(ServerContainer.class.getName());
            Object info = deployment.getServletContextAttributes().get(INFO_ATTRIBUTE);
            if (container != null) {
                Field dispatch = container.getClass().getDeclaredField("dispatchToWorker");
                dispatch.setAccessible(true);
                dispatch.setBoolean(container, false);
            } else if (info != null) {
                info.getClass().getMethod("setDispatchToWorkerThread", boolean.class).invoke(info, false);
            } else {
                LOG.log(System.Logger.Level.INFO, "no Undertow WebSocket container: its default dispatch is kept");
                return;
            }
            LOG.log(System.Logger.Level.INFO, "WebSocket messages are handled on Undertow's I/O threads");
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not change Undertow's WebSocket dispatch; its default is kept", e);
        }
    }
}
