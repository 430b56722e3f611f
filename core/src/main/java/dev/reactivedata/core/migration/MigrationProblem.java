package dev.reactivedata.core.migration;

import org.jspecify.annotations.Nullable;

/**
 * A problem {@code db validate} reports.
 * @param kind what is wrong
 * @param section {@code library} or {@code application}
 * @param version the version concerned, {@code null} when not versioned
 * @param script the script concerned
 * @param message a one-line explanation naming the script
 */
public record MigrationProblem(Kind kind, String section, @Nullable String version, String script, String message) {

	/**
	 * The kinds of problem.
	 */
	public enum Kind {

		/** An applied migration's file changed since it was applied. */
		CHECKSUM_CHANGED,

		/** A migration is recorded as applied but its file is gone. */
		FILE_MISSING,

		/** Two files carry the same version. */
		DUPLICATE_VERSION,

		/** A pending migration is older than the current version (a branch merged out of order). */
		OUT_OF_ORDER,

		/** A migration failed and is recorded as failed. */
		FAILED

	}

}
