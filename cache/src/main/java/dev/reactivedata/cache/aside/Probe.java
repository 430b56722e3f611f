package dev.reactivedata.cache.aside;

import org.jspecify.annotations.Nullable;

/**
 * The result of the Redis read of one lookup, started at {@code started} ({@link System#nanoTime()}).
 *
 * @param generation the namespace generation the key was built with
 * @param key the entry's Redis key
 * @param raw the stored bytes, {@code null} when absent
 * @param started when the lookup started
 * @param floor the version a loaded value must reach (a tombstone's or the refreshed entry's), or -1
 */
record Probe(long generation, String key, byte @Nullable [] raw, long started, long floor) {

	static final Probe UNAVAILABLE = new Probe(-1, "", null, 0, -1);

	Probe(long generation, String key, byte @Nullable [] raw, long started) {
		this(generation, key, raw, started, -1);
	}

	Probe withFloor(long floor) {
		return new Probe(this.generation, this.key, this.raw, this.started, floor);
	}

}
