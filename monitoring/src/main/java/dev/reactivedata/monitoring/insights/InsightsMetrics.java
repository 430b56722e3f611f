package dev.reactivedata.monitoring.insights;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauges over the latest {@link PostgresInsights} report. They read the cached report only, never the
 * database; they are NaN until a report was taken (poll it with {@link PostgresInsights#poll}).
 */
public final class InsightsMetrics implements MeterBinder {

	/**
	 * Meter names.
	 */
	public static final class Names {

		/** Indexes never scanned. */
		public static final String UNUSED_INDEXES = "db.insights.indexes.unused";

		/** Indexes covered by another. */
		public static final String DUPLICATE_INDEXES = "db.insights.indexes.duplicate";

		/** Invalid indexes. */
		public static final String INVALID_INDEXES = "db.insights.indexes.invalid";

		/** Sessions waiting for a lock. */
		public static final String BLOCKED = "db.insights.queries.blocked";

		/** Statements running longer than the threshold. */
		public static final String LONG_RUNNING = "db.insights.queries.long_running";

		/** Deadlocks since the statistics were reset. */
		public static final String DEADLOCKS = "db.insights.deadlocks";

		/** The database size. */
		public static final String DATABASE_SIZE = "db.insights.database.size";

		/** Transaction-id age of the database. */
		public static final String XID_AGE = "db.insights.xid.age";

		private Names() {
		}

	}

	private final PostgresInsights insights;

	/**
	 * Creates the gauges' binder.
	 * @param insights the insights whose latest report the gauges read
	 */
	public InsightsMetrics(PostgresInsights insights) {
		this.insights = Objects.requireNonNull(insights, "insights must not be null");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, Names.UNUSED_INDEXES, "Indexes never scanned", "indexes", r -> r.unusedIndexes().findings().size());
		gauge(registry, Names.DUPLICATE_INDEXES, "Indexes covered by another index", "indexes",
				r -> r.duplicateIndexes().findings().size());
		gauge(registry, Names.INVALID_INDEXES, "Invalid indexes", "indexes", r -> r.invalidIndexes().findings().size());
		gauge(registry, Names.BLOCKED, "Sessions waiting for a lock", "sessions",
				r -> r.blockingQueries().findings().size());
		gauge(registry, Names.LONG_RUNNING, "Statements running longer than the threshold", "statements",
				r -> r.longRunningQueries().findings().size());
		gauge(registry, Names.DEADLOCKS, "Deadlocks since the statistics were reset", "deadlocks",
				r -> r.deadlocks().findings().isEmpty() ? Double.NaN : r.deadlocks().findings().get(0).count());
		gauge(registry, Names.DATABASE_SIZE, "Database size", "bytes",
				r -> r.sizes().findings().isEmpty() ? Double.NaN : r.sizes().findings().get(0).databaseBytes());
		gauge(registry, Names.XID_AGE, "Transaction-id age of the database", "transactions",
				r -> r.wraparound().findings().isEmpty() ? Double.NaN : r.wraparound().findings().get(0).age());
	}

	private void gauge(MeterRegistry registry, String name, String description, String unit,
			ToDoubleFunction<InsightsReport> value) {
		Gauge.builder(name, this.insights, insights -> {
			InsightsReport report = insights.latest();
			return (report != null) ? value.applyAsDouble(report) : Double.NaN;
		}).description(description).baseUnit(unit).register(registry);
	}

}
