package dev.reactivedata.monitoring.alert;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Evaluates the threshold rules and keeps which alerts are raised. Thread-safe; shared by every metrics
 * stream so that an alert is raised and resolved once however many streams tick. Evaluations closer together
 * than the evaluation interval are skipped, and rates (error rate, cache hit ratio) cover the time since the
 * previous evaluation, so streams with different intervals cannot make an alert flap.
 * <p>
 * Rules: {@code pool-saturation} (acquired / max at or above the threshold), {@code pending-acquirers},
 * {@code query-latency-p99}, {@code query-error-rate}, {@code cache-hit-ratio} (below the threshold, only
 * with enough gets) and {@code cache-circuit-open}. A rate rule whose traffic fell below its minimum is resolved:
 * with no statements there is no error rate to alarm about, and an alert must not stay raised after traffic
 * stops.
 * <p>
 * The last {@value #RECENT_EVENTS} events are kept, numbered, so that a client that reconnects can ask for the
 * ones it missed ({@link #eventsAfter(long)}).
 */
public final class AlertEvaluator {

	/** How many recent events are kept for clients that reconnect. */
	public static final int RECENT_EVENTS = 64;

	private final AlertThresholds thresholds;

	private final Deque<AlertEvent> recent = new ArrayDeque<>();

	private long lastEventId;

	private final Map<String, Alert> active = new LinkedHashMap<>();

	private final Sinks.Many<AlertEvent> events = Sinks.many().multicast().directBestEffort();

	private @Nullable AlertReadings previous;

	/**
	 * Creates an evaluator.
	 * @param thresholds the thresholds
	 */
	public AlertEvaluator(AlertThresholds thresholds) {
		this.thresholds = Objects.requireNonNull(thresholds, "thresholds must not be null");
	}

	/**
	 * Evaluates the rules against new readings, unless the previous evaluation is more recent than the
	 * evaluation interval, and publishes the alerts raised and resolved.
	 * @param readings the readings
	 * @return the alerts raised after this evaluation
	 */
	public synchronized List<Alert> evaluate(AlertReadings readings) {
		Objects.requireNonNull(readings, "readings must not be null");
		AlertReadings before = this.previous;
		// Skip evaluations too close to the previous one; a clock that went backwards evaluates (and restarts).
		if (before != null && !readings.time().isBefore(before.time())
				&& readings.time().isBefore(before.time().plus(this.thresholds.evaluationInterval()))) {
			return active();
		}
		this.previous = readings;
		double saturation = (readings.poolMax() > 0) ? (double) readings.poolAcquired() / readings.poolMax() : 0;
		judge(readings, "pool-saturation", "critical", saturation, this.thresholds.poolSaturation(),
				saturation >= this.thresholds.poolSaturation(),
				() -> String.format(Locale.ROOT, "Connection pool %.0f%% in use (%d of %d)", saturation * 100,
						readings.poolAcquired(), readings.poolMax()));
		judge(readings, "pending-acquirers", "warning", readings.poolPending(), this.thresholds.pendingAcquirers(),
				readings.poolPending() >= this.thresholds.pendingAcquirers(),
				() -> readings.poolPending() + " callers waiting for a database connection");
		judge(readings, "query-latency-p99", "warning", readings.p99Ms(), this.thresholds.p99Ms(),
				readings.p99Ms() >= this.thresholds.p99Ms(),
				() -> String.format(Locale.ROOT, "Query p99 latency %.1f ms", readings.p99Ms()));
		if (before != null) {
			long queries = readings.queries() - before.queries();
			long errors = readings.queryErrors() - before.queryErrors();
			if (queries >= this.thresholds.minimumQueries()) {
				double rate = (double) errors / queries;
				judge(readings, "query-error-rate", "critical", rate, this.thresholds.errorRate(),
						rate >= this.thresholds.errorRate(), () -> String.format(Locale.ROOT,
								"%.1f%% of statements failed (%d of %d)", rate * 100, errors, queries));
			}
			else {
				judge(readings, "query-error-rate", "critical", 0, this.thresholds.errorRate(), false,
						() -> "Too few statements (" + queries + ") to judge the error rate");
			}
			long hits = readings.cacheHits() - before.cacheHits();
			long gets = hits + readings.cacheMisses() - before.cacheMisses();
			if (gets >= this.thresholds.minimumCacheGets()) {
				double ratio = (double) hits / gets;
				judge(readings, "cache-hit-ratio", "warning", ratio, this.thresholds.cacheHitRatio(),
						ratio < this.thresholds.cacheHitRatio(),
						() -> String.format(Locale.ROOT, "Cache hit ratio %.0f%% (%d of %d gets)", ratio * 100, hits,
								gets));
			}
			else {
				judge(readings, "cache-hit-ratio", "warning", 1, this.thresholds.cacheHitRatio(), false,
						() -> "Too few cache gets (" + gets + ") to judge the hit ratio");
			}
		}
		boolean open = readings.cacheCircuitOpen();
		judge(readings, "cache-circuit-open", "critical", open ? 1 : 0, 1, open,
				() -> "Cache circuit breaker is open: reads bypass Redis");
		return active();
	}

	/** @return the alerts raised now, in the order they were raised */
	public synchronized List<Alert> active() {
		return List.copyOf(this.active.values());
	}

	/**
	 * Emits alerts as they are raised and resolved; hot, never completes. A subscriber without demand misses
	 * events.
	 * @return the live alert events
	 */
	public Flux<AlertEvent> events() {
		return this.events.asFlux();
	}

	/**
	 * Returns the kept events numbered above {@code id}, oldest first: what a client that saw event {@code id}
	 * missed, as far as the last {@value #RECENT_EVENTS} events go.
	 * @param id the last event id the client saw
	 * @return the events after it
	 */
	public synchronized List<AlertEvent> eventsAfter(long id) {
		return this.recent.stream().filter(event -> event.id() > id).toList();
	}

	private void publish(String name, AlertEvent.State state, String severity, String message, double value,
			double threshold, AlertReadings readings) {
		AlertEvent event = new AlertEvent(++this.lastEventId, name, state, severity, message, value, threshold,
				readings.time());
		this.recent.addLast(event);
		while (this.recent.size() > RECENT_EVENTS) {
			this.recent.removeFirst();
		}
		this.events.tryEmitNext(event);
	}

	/**
	 * Raises, keeps or resolves one rule's alert. Its message is written only when an alert is raised, kept or
	 * resolved: an evaluation with nothing to report formats nothing (formatting was a quarter of a metrics tick's
	 * CPU time, for messages thrown away).
	 */
	private void judge(AlertReadings readings, String name, String severity, double value, double threshold,
			boolean broken, Supplier<String> message) {
		Alert raised = this.active.get(name);
		if (broken && raised == null) {
			String text = message.get();
			this.active.put(name, new Alert(name, severity, text, value, threshold, readings.time()));
			publish(name, AlertEvent.State.RAISED, severity, text, value, threshold, readings);
		}
		else if (broken) {
			this.active.put(name, new Alert(name, severity, message.get(), value, threshold, raised.since()));
		}
		else if (raised != null) {
			this.active.remove(name);
			publish(name, AlertEvent.State.RESOLVED, severity, message.get(), value, threshold, readings);
		}
	}

}
