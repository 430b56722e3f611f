package dev.reactivedata.monitoring.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivedata.monitoring.alert.Alert;
import dev.reactivedata.monitoring.alert.AlertEvaluator;
import dev.reactivedata.monitoring.alert.AlertEvent;
import dev.reactivedata.monitoring.alert.AlertReadings;
import dev.reactivedata.monitoring.pool.PoolSnapshot;
import dev.reactivedata.monitoring.pool.PoolStatistics;
import dev.reactivedata.monitoring.query.QueryStatistics;
import dev.reactivedata.monitoring.replication.ReplicaLagSource;
import dev.reactivedata.monitoring.query.QueryTotals;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Streams {@link DataLayerSnapshot}s. All subscribers asking for the same interval share one hot sequence,
 * so a snapshot is computed once per tick however many subscribers there are, and a slow subscriber gets
 * the latest snapshot instead of an unbounded buffer. Each tick reads in-memory values only (pool counters,
 * query statistics, cache counters, replica lag) and evaluates the alert rules.
 * <p>
 * {@link #recording(Duration)} is the server's own subscriber: kept subscribed for the application's life, it
 * makes the alert rules evaluated on every tick whether or not anyone watches a stream, and keeps the last
 * {@value #HISTORY} snapshots for {@link #history()} (a dashboard backfills its charts from them).
 */
public final class MetricsStream {

	private final PoolStatistics pool;

	private final QueryStatistics queries;

	private final CacheStatisticsSource cache;

	private final AlertEvaluator alerts;

	private final ReplicaLagSource replicas;

	private final Clock clock;

	private final Scheduler scheduler;

	private final Map<Duration, Flux<DataLayerSnapshot>> streams = new ConcurrentHashMap<>();

	private final AtomicLong computations = new AtomicLong();

	/** How many recorded snapshots {@link #history()} keeps. */
	public static final int HISTORY = 900;

	private final Deque<DataLayerSnapshot> history = new ArrayDeque<>();

	/**
	 * Creates a stream.
	 * @param pool the pool to observe
	 * @param queries the query statistics to read
	 * @param cache the cache counters, {@link CacheStatisticsSource#NONE} without a cache
	 * @param alerts the alert rules evaluated at each tick
	 */
	public MetricsStream(PoolStatistics pool, QueryStatistics queries, CacheStatisticsSource cache,
			AlertEvaluator alerts) {
		this(pool, queries, cache, alerts, ReplicaLagSource.NONE);
	}

	/**
	 * Creates a stream whose snapshots carry the read replicas' lag.
	 * @param pool the pool to observe
	 * @param queries the query statistics to read
	 * @param cache the cache counters, {@link CacheStatisticsSource#NONE} without a cache
	 * @param alerts the alert rules evaluated at each tick
	 * @param replicas the replicas' lag, {@link ReplicaLagSource#NONE} without replicas
	 */
	public MetricsStream(PoolStatistics pool, QueryStatistics queries, CacheStatisticsSource cache,
			AlertEvaluator alerts, ReplicaLagSource replicas) {
		this(pool, queries, cache, alerts, replicas, Clock.systemUTC(), Schedulers.parallel());
	}

	MetricsStream(PoolStatistics pool, QueryStatistics queries, CacheStatisticsSource cache, AlertEvaluator alerts,
			Clock clock, Scheduler scheduler) {
		this(pool, queries, cache, alerts, ReplicaLagSource.NONE, clock, scheduler);
	}

	MetricsStream(PoolStatistics pool, QueryStatistics queries, CacheStatisticsSource cache, AlertEvaluator alerts,
			ReplicaLagSource replicas, Clock clock, Scheduler scheduler) {
		this.pool = Objects.requireNonNull(pool, "pool must not be null");
		this.queries = Objects.requireNonNull(queries, "queries must not be null");
		this.cache = Objects.requireNonNull(cache, "cache must not be null");
		this.alerts = Objects.requireNonNull(alerts, "alerts must not be null");
		this.replicas = Objects.requireNonNull(replicas, "replicas must not be null");
		this.clock = clock;
		this.scheduler = scheduler;
	}

	/**
	 * Emits a snapshot immediately and then every {@code interval}, never completing. Subscribers of the
	 * same interval share the computation; rates cover the time since the previous tick.
	 * @param interval time between snapshots
	 * @return the shared snapshot sequence
	 */
	public Flux<DataLayerSnapshot> snapshots(Duration interval) {
		Objects.requireNonNull(interval, "interval must not be null");
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval must be positive, was " + interval);
		}
		return this.streams.computeIfAbsent(interval, this::tick).onBackpressureLatest();
	}

	/**
	 * Emits alerts as the rules raise and resolve them while some stream is subscribed; hot, never
	 * completes. A subscriber without demand misses events.
	 * @return the live alert events
	 */
	public Flux<AlertEvent> alertEvents() {
		return this.alerts.events();
	}

	/**
	 * Returns the kept alert events numbered above {@code id}, oldest first (see
	 * {@link AlertEvaluator#eventsAfter(long)}).
	 * @param id the last event id a client saw
	 * @return the events it missed, as far as they are kept
	 */
	public List<AlertEvent> alertEventsAfter(long id) {
		return this.alerts.eventsAfter(id);
	}

	/**
	 * Ticks the snapshots of {@code interval} (shared with the streams of the same interval) and records each
	 * in the history; never completes. Subscribe once, for the application's life: the alert rules are then
	 * evaluated on every tick even when nobody watches.
	 * @param interval time between snapshots
	 * @return the recorded snapshots
	 */
	public Flux<DataLayerSnapshot> recording(Duration interval) {
		return snapshots(interval).doOnNext(this::record);
	}

	/**
	 * Returns the recorded snapshots, oldest first: the last {@value #HISTORY} ticks of {@link #recording}.
	 * @return the history, empty when nothing records
	 */
	public List<DataLayerSnapshot> history() {
		synchronized (this.history) {
			return List.copyOf(this.history);
		}
	}

	private void record(DataLayerSnapshot snapshot) {
		synchronized (this.history) {
			this.history.addLast(snapshot);
			while (this.history.size() > HISTORY) {
				this.history.removeFirst();
			}
		}
	}

	/** @return how many snapshots were computed since start, over all intervals */
	public long computations() {
		return this.computations.get();
	}

	private Flux<DataLayerSnapshot> tick(Duration interval) {
		return Flux.defer(() -> {
			Sampler sampler = new Sampler();
			return Flux.interval(Duration.ZERO, interval, this.scheduler)
				.onBackpressureDrop()
				.map(tick -> sampler.next());
		}).publish().refCount();
	}

	/** The per-subscription state of one interval's ticks: the previous cumulative counters. */
	private final class Sampler {

		private @Nullable Instant previousTime;

		private long previousQueries;

		private long previousErrors;

		private long previousSlow;

		private long previousHits;

		private long previousMisses;

		private long previousCacheErrors;

		DataLayerSnapshot next() {
			MetricsStream.this.computations.incrementAndGet();
			Instant now = MetricsStream.this.clock.instant();
			PoolSnapshot poolSnapshot = MetricsStream.this.pool.snapshot();
			QueryTotals totals = MetricsStream.this.queries.totals();
			CacheStatisticsSource.Reading cacheCounters = MetricsStream.this.cache.read();
			double seconds = (this.previousTime != null)
					? Math.max(Duration.between(this.previousTime, now).toNanos() / 1e9, 1e-9) : 0;
			boolean first = this.previousTime == null;
			long queries = first ? 0 : totals.queries() - this.previousQueries;
			long errors = first ? 0 : totals.errors() - this.previousErrors;
			long slow = first ? 0 : totals.slow() - this.previousSlow;
			long hits = first ? 0 : cacheCounters.hits() - this.previousHits;
			long misses = first ? 0 : cacheCounters.misses() - this.previousMisses;
			long cacheErrors = first ? 0 : cacheCounters.errors() - this.previousCacheErrors;
			this.previousTime = now;
			this.previousQueries = totals.queries();
			this.previousErrors = totals.errors();
			this.previousSlow = totals.slow();
			this.previousHits = cacheCounters.hits();
			this.previousMisses = cacheCounters.misses();
			this.previousCacheErrors = cacheCounters.errors();
			QuerySnapshot querySnapshot = new QuerySnapshot(rate(queries, seconds), rate(errors, seconds),
					totals.latency().p50Ms(), totals.latency().p95Ms(), totals.latency().p99Ms(), slow);
			CacheSnapshot cacheSnapshot = new CacheSnapshot(
					(hits + misses > 0) ? round((double) hits / (hits + misses)) : null, rate(hits, seconds),
					rate(misses, seconds), cacheErrors, cacheCounters.circuit());
			List<Alert> raised = MetricsStream.this.alerts.evaluate(new AlertReadings(now, poolSnapshot.acquired(),
					poolSnapshot.max(), poolSnapshot.pending(), totals.latency().p99Ms(), totals.queries(),
					totals.errors(), cacheCounters.hits(), cacheCounters.misses(), cacheCounters.circuitOpen()));
			return new DataLayerSnapshot(now, poolSnapshot, querySnapshot, cacheSnapshot, raised,
					MetricsStream.this.replicas.read());
		}

		private static double rate(long count, double seconds) {
			return (seconds > 0) ? round(count / seconds) : 0.0;
		}

		private static double round(double value) {
			return Math.round(value * 1000.0) / 1000.0;
		}

	}

}
