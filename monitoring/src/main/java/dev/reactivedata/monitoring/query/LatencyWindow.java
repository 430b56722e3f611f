package dev.reactivedata.monitoring.query;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.micrometer.core.instrument.Clock;

/**
 * In-memory latency percentiles (p50, p95, p99) over a rolling time window, independent of any meter
 * registry. Recording is lock-free and never blocks (safe on event-loop threads): a sample increments one
 * counter of a log-scale bucket (5% wide, 1 µs to about 100 s) in the current time slot; the window is five
 * slots, so a sample counts for between 4/5 of the window and the whole window. Percentiles are read from the
 * bucket bounds, so they are accurate to within about 5%. When a slot is reused, samples racing with its
 * reset may be lost: the percentiles are an estimate for dashboards and alerts, not an audit.
 */
public final class LatencyWindow {

	private static final int SLOTS = 5;

	private static final double GROWTH = 1.05;

	private static final double LOG_GROWTH = Math.log(GROWTH);

	private static final long MIN_NANOS = 1_000;

	private static final int BUCKETS = (int) Math.ceil(Math.log(1e11 / MIN_NANOS) / LOG_GROWTH) + 2;

	private final Clock clock;

	private final long slotNanos;

	private final AtomicLongArray[] counts = new AtomicLongArray[SLOTS];

	private final AtomicLong[] epochs = new AtomicLong[SLOTS];

	/**
	 * Creates a window.
	 * @param window how long a sample counts
	 * @param clock the clock whose monotonic time ages samples out ({@link Clock#SYSTEM} outside tests)
	 */
	public LatencyWindow(Duration window, Clock clock) {
		Objects.requireNonNull(window, "window must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("window must be positive, was " + window);
		}
		this.slotNanos = Math.max(1, window.toNanos() / SLOTS);
		for (int i = 0; i < SLOTS; i++) {
			this.counts[i] = new AtomicLongArray(BUCKETS);
			this.epochs[i] = new AtomicLong(-1);
		}
	}

	/**
	 * Records one sample.
	 * @param nanos the latency in nanoseconds
	 */
	public void record(long nanos) {
		long epoch = this.clock.monotonicTime() / this.slotNanos;
		int slot = (int) (epoch % SLOTS);
		AtomicLong slotEpoch = this.epochs[slot];
		long seen = slotEpoch.get();
		if (seen != epoch && seen < epoch && slotEpoch.compareAndSet(seen, epoch)) {
			AtomicLongArray stale = this.counts[slot];
			for (int i = 0; i < BUCKETS; i++) {
				stale.set(i, 0);
			}
		}
		this.counts[slot].incrementAndGet(bucket(nanos));
	}

	/**
	 * Reads the current percentiles.
	 * @return p50, p95 and p99 in milliseconds, zeros when the window holds no sample
	 */
	public Percentiles percentiles() {
		long now = this.clock.monotonicTime() / this.slotNanos;
		long[] merged = new long[BUCKETS];
		long total = 0;
		for (int slot = 0; slot < SLOTS; slot++) {
			long epoch = this.epochs[slot].get();
			if (epoch < 0 || epoch > now || now - epoch >= SLOTS) {
				continue;
			}
			AtomicLongArray slotCounts = this.counts[slot];
			for (int i = 0; i < BUCKETS; i++) {
				long count = slotCounts.get(i);
				merged[i] += count;
				total += count;
			}
		}
		if (total == 0) {
			return new Percentiles(0, 0, 0);
		}
		return new Percentiles(valueAt(merged, total, 0.5), valueAt(merged, total, 0.95), valueAt(merged, total, 0.99));
	}

	private static int bucket(long nanos) {
		if (nanos <= MIN_NANOS) {
			return 0;
		}
		int index = (int) Math.ceil(Math.log((double) nanos / MIN_NANOS) / LOG_GROWTH);
		return Math.min(index, BUCKETS - 1);
	}

	private static double valueAt(long[] buckets, long total, double percentile) {
		long rank = (long) Math.ceil(percentile * total);
		long seen = 0;
		for (int i = 0; i < buckets.length; i++) {
			seen += buckets[i];
			if (seen >= rank) {
				double upperNanos = MIN_NANOS * Math.pow(GROWTH, i);
				return Math.round(upperNanos / 1_000.0) / 1_000.0;
			}
		}
		return Math.round(MIN_NANOS * Math.pow(GROWTH, buckets.length - 1) / 1_000.0) / 1_000.0;
	}

	/**
	 * Latency percentiles in milliseconds.
	 *
	 * @param p50Ms the median
	 * @param p95Ms the 95th percentile
	 * @param p99Ms the 99th percentile
	 */
	public record Percentiles(double p50Ms, double p95Ms, double p99Ms) {
	}

}
