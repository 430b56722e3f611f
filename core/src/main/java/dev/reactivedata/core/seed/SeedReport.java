package dev.reactivedata.core.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code db seed} created, or {@code db seed --clear} removed, for a profile.
 * @param profile the profile
 * @param scale the scale seeded at (1 for a clear)
 * @param seeders the rows per table of each seeder, by seeder name, in the order they ran
 * @param total the rows per table of all seeders together
 */
public record SeedReport(String profile, int scale, Map<String, SeedCounts> seeders, SeedCounts total) {

	/** Copies the map, keeping its order. */
	public SeedReport {
		seeders = Collections.unmodifiableMap(new LinkedHashMap<>(seeders));
	}

}
