package dev.reactivedata.cache.aside;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Turns a cached entry's bytes into the caller's value: through the codec, or from the near cache when the same
 * entry was decoded to the same type before; counts and logs entries that cannot be decoded, and decides when a
 * hit should refresh early.
 */
final class EntryDecoder {

	private static final Log logger = LogFactory.getLog(EntryDecoder.class);

	private final CacheOptions options;

	private final CacheCounters counters;

	private final @Nullable NearCache near;

	private final AtomicBoolean failureLogged = new AtomicBoolean();

	EntryDecoder(CacheOptions options, CacheCounters counters, @Nullable NearCache near) {
		this.options = options;
		this.counters = counters;
		this.near = near;
	}

	/**
	 * Decodes an entry's value, or takes it from the near cache when the entry came from there and was decoded
	 * to this type before.
	 */
	<T> T decode(String key, byte[] raw, CacheEntry entry, Class<T> type) {
		NearCache near = this.near;
		if (near != null) {
			Object decoded = near.decoded(key, raw, type);
			if (decoded != null) {
				return type.cast(decoded);
			}
		}
		T value = this.options.codec().decode(raw, entry.payloadOffset(), raw.length - entry.payloadOffset(), type);
		if (near != null && value != null) {
			near.remember(key, raw, type, value);
		}
		return value;
	}

	/**
	 * Counts an entry that could not be decoded, which the caller reads as a miss whose load overwrites it. The
	 * first is logged as a warning (a change of the value's class makes every entry undecodable at once), the
	 * others at debug level.
	 */
	void undecodable(String key, RuntimeException ex) {
		this.counters.decodeFailures.increment();
		String name = this.options.name();
		if (this.failureLogged.compareAndSet(false, true)) {
			logger.warn("Cache '" + name + "' could not decode " + key
					+ "; reading it as a miss and overwriting it (further failures are logged at debug level)", ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Cache '" + name + "' could not decode " + key + "; overwriting it", ex);
		}
	}

	/**
	 * Tells whether a hit on this entry should load it again now, before it expires: the closer to expiry and
	 * the longer its load took, the likelier (probabilistic early expiration), so one reader refreshes a hot key
	 * while the others still hit.
	 */
	boolean refreshEarly(CacheEntry entry) {
		double beta = this.options.earlyRefreshBeta();
		if (beta == 0) {
			return false;
		}
		double gap = -entry.loadMillis() * beta * Math.log(ThreadLocalRandom.current().nextDouble());
		return System.currentTimeMillis() + gap >= entry.expiresAtMillis();
	}

}
