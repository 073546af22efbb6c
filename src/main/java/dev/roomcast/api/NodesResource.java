package dev.roomcast.api;

import dev.roomcast.backend.Node;
import dev.roomcast.registry.NodeReport;
import dev.roomcast.registry.Nodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The nodes of the cluster, for the console and the application: each node's health and figures, as it last
 * reported them to Redis (every two seconds); this node's as of now. A node alone lists itself.
 */
@Path("nodes")
@ApplicationScoped
public class NodesResource {

    /** The node list; {@code node} names the node that answered. */
    public record NodeList(String node, List<NodeReport> nodes) {
    }

    @Inject
    Nodes nodes;

    @GET
    public Response list() {
        return ApiReply.await(nodes.list(), listed -> ApiReply.ok(new NodeList(Node.NAME, listed)));
    }
}
