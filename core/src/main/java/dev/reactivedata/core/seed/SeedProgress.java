package dev.reactivedata.core.seed;

/**
 * Receives the progress of long seeding work (a progress bar, log lines).
 */
@FunctionalInterface
public interface SeedProgress {

	/** Ignores progress. */
	SeedProgress NONE = (task, done, total) -> {
	};

	/**
	 * Reports that {@code done} of {@code total} units of a task are done.
	 * @param task what is being done, e.g. {@code articles}
	 * @param done units done so far
	 * @param total units in all
	 */
	void advanced(String task, long done, long total);

}
