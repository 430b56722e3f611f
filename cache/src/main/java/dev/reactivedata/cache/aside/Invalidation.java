package dev.reactivedata.cache.aside;

/**
 * One invalidation, kept in logical form (without the namespace generation) so it can be queued while Redis
 * is away and replayed against whatever generation is current when it comes back.
 *
 * @param kind what to do
 * @param tenant the tenant segment of the keys
 * @param target the key, tag or pattern
 * @param version the committed version, for {@link Kind#TOMBSTONE}
 */
record Invalidation(Kind kind, String tenant, String target, long version) {

	enum Kind {

		TOMBSTONE, DELETE, TAG, PATTERN, CLEAR

	}

}
