package dev.reactivedata.cache.aside;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The loads in progress in this process, one per tenant and key, shared by every caller that joins them.
 */
final class Flights {

	private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

	private final AtomicInteger sweepAt = new AtomicInteger(1024);

	/**
	 * Joins the load of this tenant's key in progress, or starts it. The load runs in the first caller's
	 * context (its tenant binding, its transaction) and is kept running when callers cancel. A load that
	 * completed after this caller started (its Redis read raced the load's store) and was stored is reused
	 * too: its value is no older than the caller's start. Invalidations {@linkplain #forget forget} flights, so
	 * nobody joins a load that began before a write's acknowledgement.
	 */
	Mono<Loaded> join(String tenant, String key, long started, ContextView context, Supplier<Mono<Loaded>> load) {
		String flightKey = flightKey(tenant, key);
		while (true) {
			Flight existing = this.flights.get(flightKey);
			if (existing != null && existing.joinableBy(started)) {
				return existing.result;
			}
			Flight created = new Flight();
			created.result = Mono.defer(load)
				.contextWrite(context)
				.doOnNext(created::completed)
				.doOnError(ex -> created.completed(Loaded.FAILED))
				.doOnCancel(() -> this.flights.remove(flightKey, created))
				.cache();
			boolean won = (existing != null) ? this.flights.replace(flightKey, existing, created)
					: this.flights.putIfAbsent(flightKey, created) == null;
			if (won) {
				sweep();
				return created.result;
			}
		}
	}

	/**
	 * Makes later reads of the tenant's key start a new load.
	 */
	void forget(String tenant, String key) {
		this.flights.remove(flightKey(tenant, key));
	}

	/**
	 * Makes every later read start a new load.
	 */
	void clear() {
		this.flights.clear();
	}

	private static String flightKey(String tenant, String key) {
		return tenant + '\u0000' + key;
	}

	/**
	 * Drops completed flights once the map grows, so keys read once do not accumulate.
	 */
	private void sweep() {
		int limit = this.sweepAt.get();
		if (this.flights.size() < limit || !this.sweepAt.compareAndSet(limit, Integer.MAX_VALUE)) {
			return;
		}
		this.flights.values().removeIf(Flight::isDone);
		this.sweepAt.set(Math.max(1024, this.flights.size() * 2));
	}

	/**
	 * One load of one key in this process, shared by every caller that joins it.
	 */
	private static final class Flight {

		@SuppressWarnings("NullAway.Init")
		Mono<Loaded> result;

		private volatile long completedAt;

		private volatile boolean reusable;

		void completed(Loaded loaded) {
			this.reusable = loaded.stored();
			this.completedAt = System.nanoTime();
		}

		boolean isDone() {
			return this.completedAt != 0;
		}

		boolean joinableBy(long started) {
			long done = this.completedAt;
			return done == 0 || (this.reusable && done - started >= 0);
		}

	}

}
