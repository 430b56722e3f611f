package dev.reactivedata.core.seed;

import java.util.Set;

import reactor.core.publisher.Mono;

/**
 * Puts an application's data of a profile ({@code dev}, {@code test}, {@code demo} or its own) into the
 * database. Declare seeders as beans; they run in their {@code @Order} to seed and in reverse to clear.
 * <p>
 * A seeder is idempotent (seeding twice adds nothing the first run created) and clears exactly what it created
 * for a profile: it marks its rows (a marker value, or keys it {@linkplain SeedContext#remember remembers}) and
 * removes only marked rows.
 */
public interface Seeder {

	/**
	 * Names the seeder in reports.
	 * @return a short name, e.g. {@code tenants}
	 */
	String name();

	/**
	 * Names the profiles this seeder takes part in.
	 * @return the profiles
	 */
	Set<String> profiles();

	/**
	 * Seeds the context's profile at its scale. Cold.
	 * @param context the profile, scale, owner connection and progress
	 * @return the rows created per table
	 */
	Mono<SeedCounts> seed(SeedContext context);

	/**
	 * Removes what this seeder created for the context's profile. Cold.
	 * @param context the profile and owner connection
	 * @return the rows removed per table
	 */
	Mono<SeedCounts> clear(SeedContext context);

}
