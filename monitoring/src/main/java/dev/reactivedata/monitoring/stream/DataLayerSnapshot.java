package dev.reactivedata.monitoring.stream;

import java.time.Instant;
import java.util.List;

import dev.reactivedata.monitoring.alert.Alert;
import dev.reactivedata.monitoring.pool.PoolSnapshot;
import dev.reactivedata.monitoring.replication.ReplicaLag;

/**
 * What the data layer looked like at one tick of the metrics stream. Serialized as JSON it is exactly the
 * {@code snapshot} event of the SSE contract: {@code {timestamp, pool:{acquired, idle, pending, max,
 * acquireP99Ms}, queries:{perSecond, errorsPerSecond, p50Ms, p95Ms, p99Ms, slow}, cache:{hitRatio,
 * hitsPerSecond, missesPerSecond, errors, circuit}, alerts:[…], replicas:[{name, lagBytes, lagSeconds,
 * healthy}]}} ({@code replicas} is empty without read replicas).
 *
 * @param timestamp when the snapshot was taken
 * @param pool the connection pool
 * @param queries statements during the interval
 * @param cache the cache during the interval
 * @param alerts the alerts raised at this tick
 * @param replicas the read replicas' lag, in configuration order
 */
public record DataLayerSnapshot(Instant timestamp, PoolSnapshot pool, QuerySnapshot queries, CacheSnapshot cache,
		List<Alert> alerts, List<ReplicaLag> replicas) {
}
