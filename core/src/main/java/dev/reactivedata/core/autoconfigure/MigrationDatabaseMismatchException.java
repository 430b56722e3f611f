package dev.reactivedata.core.autoconfigure;

/**
 * Thrown at start-up when Flyway would migrate another database than the one the application reads through
 * R2DBC: the application would then run against a schema that no migration touched.
 */
public final class MigrationDatabaseMismatchException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String r2dbcDatabase;

	private final String flywayDatabase;

	MigrationDatabaseMismatchException(String r2dbcDatabase, String flywayDatabase) {
		super("R2DBC connects to database '" + r2dbcDatabase + "' but Flyway migrates database '" + flywayDatabase
				+ "'");
		this.r2dbcDatabase = r2dbcDatabase;
		this.flywayDatabase = flywayDatabase;
	}

	/** @return the database the application's R2DBC connections use */
	public String getR2dbcDatabase() {
		return this.r2dbcDatabase;
	}

	/** @return the database Flyway migrates */
	public String getFlywayDatabase() {
		return this.flywayDatabase;
	}

}
