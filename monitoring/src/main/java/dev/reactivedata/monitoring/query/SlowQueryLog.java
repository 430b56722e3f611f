package dev.reactivedata.monitoring.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The slow-query log: the last N statements that took at least the threshold, newest first, and a hot
 * stream of them as they happen. Memory is bounded by the ring size; a subscriber that does not keep up
 * misses entries instead of buffering them.
 */
public final class SlowQueryLog {

	private final Duration threshold;

	private final @Nullable SlowQuery[] ring;

	private int next;

	private long total;

	private final Sinks.Many<SlowQuery> sink = Sinks.many().multicast().directBestEffort();

	SlowQueryLog(Duration threshold, int capacity) {
		this.threshold = threshold;
		this.ring = new SlowQuery[capacity];
	}

	/** @return the threshold at or above which a statement is logged */
	public Duration threshold() {
		return this.threshold;
	}

	/**
	 * Returns the most recent slow queries.
	 * @return up to the ring size entries, newest first
	 */
	public synchronized List<SlowQuery> recent() {
		List<SlowQuery> entries = new ArrayList<>(this.ring.length);
		for (int i = 1; i <= this.ring.length; i++) {
			SlowQuery entry = this.ring[Math.floorMod(this.next - i, this.ring.length)];
			if (entry == null) {
				break;
			}
			entries.add(entry);
		}
		return entries;
	}

	/** @return how many slow queries were logged since start */
	public synchronized long total() {
		return this.total;
	}

	/**
	 * Emits each slow query as it is logged; hot, never completes. A subscriber without demand misses
	 * entries.
	 * @return the live slow queries
	 */
	public Flux<SlowQuery> events() {
		return this.sink.asFlux();
	}

	synchronized void add(SlowQuery query) {
		this.ring[this.next] = query;
		this.next = (this.next + 1) % this.ring.length;
		this.total++;
		this.sink.tryEmitNext(query);
	}

}
