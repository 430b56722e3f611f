package dev.reactivedata.core.seed;

import java.util.List;

/**
 * Whether the database is empty enough to seed: the tables of the current schema that hold rows (the Flyway
 * history tables and the seed ledger do not count).
 * @param tablesWithRows the tables holding rows
 * @param seededProfiles the profiles the seed ledger records
 */
public record SeedCheck(List<String> tablesWithRows, List<String> seededProfiles) {

	/** Copies the lists. */
	public SeedCheck {
		tablesWithRows = List.copyOf(tablesWithRows);
		seededProfiles = List.copyOf(seededProfiles);
	}

	/**
	 * Tells whether no table holds rows.
	 * @return {@code true} when the database is empty
	 */
	public boolean empty() {
		return this.tablesWithRows.isEmpty();
	}

}
