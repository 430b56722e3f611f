package dev.reactivedata.monitoring.replication;

/**
 * How far one read replica is behind the primary, as its last poll found. Serialized as JSON it is one entry of
 * the snapshot's {@code replicas} array: {@code {name, lagBytes, lagSeconds, healthy}}.
 *
 * @param name the replica's configured name
 * @param lagBytes WAL bytes written on the primary that the replica has not replayed
 * @param lagSeconds how long the replica has been behind the primary, zero when caught up
 * @param healthy whether it serves reads (reachable and within the configured maximum lag)
 */
public record ReplicaLag(String name, long lagBytes, double lagSeconds, boolean healthy) {
}
