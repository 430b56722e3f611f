package dev.reactivedata.monitoring.query;

import java.util.concurrent.atomic.LongAdder;

/**
 * In-memory statement counters and latency percentiles that the metrics stream and the alert rules read;
 * reading never touches the database.
 */
public final class QueryStatistics {

	private final LongAdder queries = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder slow = new LongAdder();

	private final LatencyWindow latency;

	QueryStatistics(LatencyWindow latency) {
		this.latency = latency;
	}

	/**
	 * Reads the counters.
	 * @return the cumulative totals and the current percentiles
	 */
	public QueryTotals totals() {
		return new QueryTotals(this.queries.sum(), this.errors.sum(), this.slow.sum(), this.latency.percentiles());
	}

	void record(long nanos, boolean success, boolean slowQuery) {
		this.queries.increment();
		if (!success) {
			this.errors.increment();
		}
		if (slowQuery) {
			this.slow.increment();
		}
		this.latency.record(nanos);
	}

}
