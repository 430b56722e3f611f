package dev.reactivedata.cache.aside;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.scheduler.Scheduler;

/**
 * A circuit breaker tuned for a cache: a handful of consecutive failures open it, and after a short open
 * period one caller gets a probe permit while everybody else keeps bypassing. Time comes from a Reactor
 * scheduler's clock so tests use virtual time.
 */
final class CircuitBreaker {

	private static final Log logger = LogFactory.getLog(CircuitBreaker.class);

	enum Permit {

		/** Use Redis. */
		ALLOW,

		/** Recover Redis (replay queued invalidations), then use it. */
		PROBE,

		/** Bypass Redis. */
		REJECT

	}

	private final String name;

	private final int threshold;

	private final long openMillis;

	private final Scheduler clock;

	private final AtomicInteger failures = new AtomicInteger();

	private volatile CircuitState state = CircuitState.CLOSED;

	private volatile long openedAt;

	CircuitBreaker(String name, int threshold, long openMillis, Scheduler clock) {
		this.name = name;
		this.threshold = threshold;
		this.openMillis = openMillis;
		this.clock = clock;
	}

	Permit acquire() {
		CircuitState current = this.state;
		if (current == CircuitState.CLOSED) {
			return Permit.ALLOW;
		}
		if (current == CircuitState.OPEN && now() - this.openedAt >= this.openMillis) {
			synchronized (this) {
				if (this.state == CircuitState.OPEN && now() - this.openedAt >= this.openMillis) {
					this.state = CircuitState.HALF_OPEN;
					logger.info("Cache '" + this.name + "' circuit half-open: probing Redis");
					return Permit.PROBE;
				}
			}
		}
		return Permit.REJECT;
	}

	CircuitState state() {
		return this.state;
	}

	boolean isClosed() {
		return this.state == CircuitState.CLOSED;
	}

	void onSuccess() {
		if (this.failures.get() != 0) {
			this.failures.set(0);
		}
	}

	void onFailure(Throwable error) {
		if (this.state == CircuitState.CLOSED && this.failures.incrementAndGet() >= this.threshold) {
			open(error);
		}
	}

	synchronized void open(Throwable cause) {
		if (this.state != CircuitState.OPEN) {
			logger.warn("Cache '" + this.name + "' circuit open after Redis failures; reads bypass Redis for "
					+ this.openMillis + " ms: " + cause);
		}
		this.state = CircuitState.OPEN;
		this.openedAt = now();
		this.failures.set(0);
	}

	synchronized void close() {
		if (this.state != CircuitState.CLOSED) {
			logger.info("Cache '" + this.name + "' circuit closed: Redis is used again");
		}
		this.state = CircuitState.CLOSED;
		this.failures.set(0);
	}

	private long now() {
		return this.clock.now(TimeUnit.MILLISECONDS);
	}

}
