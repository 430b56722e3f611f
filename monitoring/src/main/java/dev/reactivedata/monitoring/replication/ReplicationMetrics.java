package dev.reactivedata.monitoring.replication;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Gauges per replica (tag {@code replica}, the configured name): {@code db.replica.lag} in seconds,
 * {@code db.replica.lag.bytes} and {@code db.replica.healthy} (1 when it serves reads, else 0). They read the
 * {@link ReplicaLagSource}'s in-memory values; the replicas are those configured when the meters are bound.
 */
public final class ReplicationMetrics implements MeterBinder {

	/** Meter names. */
	public static final class Names {

		/** Seconds a replica is behind the primary. */
		public static final String LAG = "db.replica.lag";

		/** WAL bytes a replica is behind the primary. */
		public static final String LAG_BYTES = "db.replica.lag.bytes";

		/** 1 when a replica serves reads, else 0. */
		public static final String HEALTHY = "db.replica.healthy";

		private Names() {
		}

	}

	private final ReplicaLagSource source;

	/**
	 * Creates the meters' binder.
	 * @param source the replicas' lag
	 */
	public ReplicationMetrics(ReplicaLagSource source) {
		this.source = Objects.requireNonNull(source, "source must not be null");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ReplicaLag replica : this.source.read()) {
			String name = replica.name();
			gauge(registry, Names.LAG, name, "seconds", "How long the replica has been behind the primary",
					ReplicaLag::lagSeconds);
			gauge(registry, Names.LAG_BYTES, name, "bytes", "WAL bytes the replica has not replayed yet",
					ReplicaLag::lagBytes);
			gauge(registry, Names.HEALTHY, name, null, "1 when the replica serves reads, else 0",
					lag -> lag.healthy() ? 1 : 0);
		}
	}

	private void gauge(MeterRegistry registry, String meter, String replica, @Nullable String unit, String description,
			ToDoubleFunction<ReplicaLag> value) {
		Gauge.builder(meter, this, metrics -> metrics.read(replica, value))
			.tag("replica", replica)
			.baseUnit(unit)
			.description(description)
			.register(registry);
	}

	private double read(String replica, ToDoubleFunction<ReplicaLag> value) {
		for (ReplicaLag lag : this.source.read()) {
			if (lag.name().equals(replica)) {
				return value.applyAsDouble(lag);
			}
		}
		return Double.NaN;
	}

}
