package dev.roomcast.registry;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The nodes of the cluster, each with its latest figures; a node alone is a cluster of one. */
public interface Nodes {

    /** This node's figures now. */
    NodeReport here();

    /**
     * Every node that has reported within the presence TTL, by name, this one with its figures of now; a node
     * that stopped reporting (crashed, or cut off from Redis) drops out after that.
     */
    CompletionStage<List<NodeReport>> list();
}
