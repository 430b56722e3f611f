package dev.reactivedata.core.backup;

/**
 * Hears how far long work has got (tables dumped or restored, rows copied, blocks vacuumed); called from the
 * thread doing the work, so it must be quick and thread-safe.
 */
@FunctionalInterface
public interface ProgressListener {

	/** A listener that ignores progress. */
	ProgressListener NONE = (done, total) -> {
	};

	/**
	 * Reports progress.
	 * @param done the units done
	 * @param total the units in all, or {@code -1} when unknown
	 */
	void progress(long done, long total);

}
