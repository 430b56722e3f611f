package dev.reactivedata.core.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The state machine behind {@link GuardedConnectionPool#state()}: a fatal error, a failed connect or an
 * exhausted pool degrades; the first successful acquire after that starts recovery; a recovery period of
 * successes without a new failure makes the pool UP again.
 */
final class PoolHealth {

	private final Clock clock;

	private final Duration recoveryPeriod;

	private PoolState state = PoolState.UP;

	private @Nullable Instant recoveringSince;

	private @Nullable Instant lastConnectFailure;

	private @Nullable Instant lastAcquired;

	PoolHealth(Clock clock, Duration recoveryPeriod) {
		this.clock = clock;
		this.recoveryPeriod = recoveryPeriod;
	}

	synchronized PoolState state() {
		if (this.state == PoolState.RECOVERING && this.recoveringSince != null
				&& !this.clock.instant().isBefore(this.recoveringSince.plus(this.recoveryPeriod))) {
			this.state = PoolState.UP;
			this.recoveringSince = null;
		}
		return this.state;
	}

	synchronized void connectionLost() {
		this.lastConnectFailure = this.clock.instant();
		degrade();
	}

	synchronized void exhausted() {
		degrade();
	}

	private void degrade() {
		this.state = PoolState.DEGRADED;
		this.recoveringSince = null;
	}

	synchronized void acquired() {
		this.lastAcquired = this.clock.instant();
		if (this.state == PoolState.DEGRADED) {
			this.state = PoolState.RECOVERING;
			this.recoveringSince = this.clock.instant();
		}
	}

	/**
	 * Whether a failure of an operation that started at {@code startedAt} is older news than the last successful
	 * acquire.
	 */
	synchronized boolean isStale(Instant startedAt) {
		return this.lastAcquired != null && startedAt.isBefore(this.lastAcquired);
	}

	/** Whether the database was found unreachable within {@code window} before now. */
	synchronized boolean connectFailedWithin(Duration window) {
		return this.lastConnectFailure != null
				&& !this.lastConnectFailure.isBefore(this.clock.instant().minus(window));
	}

}
