package dev.reactivedata.monitoring.replication;

import java.util.List;

/**
 * Where the monitoring module reads replica lag from. The monitoring module does not depend on the core module's
 * read routing; an application (or its wiring) adapts the routing's replica statuses to this interface and
 * exposes it as a bean. Without one, snapshots carry no replicas and no replica meters or health exist.
 * <p>
 * Implementations must read in-memory values only (the routing's background poll keeps them): this runs on every
 * stream tick and every scrape.
 */
@FunctionalInterface
public interface ReplicaLagSource {

	/** A source for applications without replicas. */
	ReplicaLagSource NONE = List::of;

	/**
	 * Reads each replica's lag.
	 * @return the replicas in configuration order, empty without replicas
	 */
	List<ReplicaLag> read();

}
