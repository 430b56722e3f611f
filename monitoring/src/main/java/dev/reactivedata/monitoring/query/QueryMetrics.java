package dev.reactivedata.monitoring.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Micrometer meters of query observation: a {@value Names#QUERY} timer and a {@value Names#ROWS} summary per
 * query shape and outcome, counters of slow queries and N+1 and budget
 * events. Tags take bounded values only: the shape id (at most {@code maxShapes} of them), the operation and
 * the outcome; never SQL with values, never a tenant or user. The timer publishes no histogram of its own, so
 * the series stay few (shapes x outcomes); ask for buckets where they are wanted with Spring Boot's
 * {@code management.metrics.distribution.slo.db.query} (a few fixed buckets) or
 * {@code management.metrics.distribution.percentiles-histogram.db.query} (about 70 buckets per series).
 */
public final class QueryMetrics implements MeterBinder {

	/**
	 * Meter names.
	 */
	public static final class Names {

		/** Statement latency from start until its results are consumed. */
		public static final String QUERY = "db.query";

		/** Rows returned (or updated) per statement. */
		public static final String ROWS = "db.query.rows";

		/** Statements at or above the slow-query threshold. */
		public static final String SLOW = "db.query.slow";

		/** Request scopes in which one shape ran more than the N+1 threshold. */
		public static final String N_PLUS_ONE = "db.query.n_plus_one";

		/** Request scopes that ran more statements than the budget. */
		public static final String BUDGET_EXCEEDED = "db.query.budget.exceeded";

		/** Distinct query shapes seen. */
		public static final String SHAPES = "db.query.shapes";

		private Names() {
		}

	}

	private final CompositeMeterRegistry registry = new CompositeMeterRegistry();

	private final Map<QueryShape, ShapeMeters> meters = new ConcurrentHashMap<>();

	private final IntSupplier shapeCount;

	QueryMetrics(IntSupplier shapeCount) {
		this.shapeCount = shapeCount;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(Names.SHAPES, this.shapeCount::getAsInt)
			.description("Distinct normalized query shapes seen")
			.register(registry);
		this.registry.add(registry);
	}

	void record(QueryShape shape, boolean success, long nanos, long rows) {
		ShapeMeters shapeMeters = this.meters.get(shape);
		if (shapeMeters == null) {
			shapeMeters = this.meters.computeIfAbsent(shape, ShapeMeters::new);
		}
		(success ? shapeMeters.success : shapeMeters.error()).record(nanos, TimeUnit.NANOSECONDS);
		shapeMeters.rows.record(rows);
	}

	void slow(QueryShape shape) {
		Counter.builder(Names.SLOW)
			.description("Statements at or above the slow-query threshold")
			.tag("shape", shape.id())
			.register(this.registry)
			.increment();
	}

	void event(RequestQueryEvent event) {
		if (event.kind() == RequestQueryEvent.Kind.N_PLUS_ONE) {
			Counter.builder(Names.N_PLUS_ONE)
				.description("Request scopes in which one query shape ran more often than the N+1 threshold")
				.tag("shape", (event.shapeId() != null) ? event.shapeId() : "unknown")
				.register(this.registry)
				.increment();
		}
		else {
			Counter.builder(Names.BUDGET_EXCEEDED)
				.description("Request scopes that ran more statements than the query budget")
				.register(this.registry)
				.increment();
		}
	}

	private final class ShapeMeters {

		private final Timer success;

		private final QueryShape shape;

		// Created on the first error only: most shapes never fail, and each timer may carry a histogram.
		private volatile @org.jspecify.annotations.Nullable Timer error;

		private final DistributionSummary rows;

		ShapeMeters(QueryShape shape) {
			this.shape = shape;
			this.success = timer(shape, "success");
			this.rows = DistributionSummary.builder(Names.ROWS)
				.description("Rows returned or updated per statement")
				.baseUnit("rows")
				.tag("shape", shape.id())
				.tag("operation", shape.operation())
				.register(QueryMetrics.this.registry);
		}

		Timer error() {
			Timer timer = this.error;
			if (timer == null) {
				timer = timer(this.shape, "error");
				this.error = timer;
			}
			return timer;
		}

		private Timer timer(QueryShape shape, String outcome) {
			return Timer.builder(Names.QUERY)
				.description("Statement latency from execution until its results are consumed")
				.tag("shape", shape.id())
				.tag("operation", shape.operation())
				.tag("outcome", outcome)
				.register(QueryMetrics.this.registry);
		}

	}

}
