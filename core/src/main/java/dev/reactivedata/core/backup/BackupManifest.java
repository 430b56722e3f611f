package dev.reactivedata.core.backup;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The JSON manifest written beside every dump ({@code <name>.json} next to {@code <name>.dump}).
 * @param file the dump's file name, in the same directory
 * @param createdAt when the dump's snapshot was taken
 * @param database the database dumped
 * @param serverVersion the server's version ({@code server_version})
 * @param pgDumpVersion the major version of the {@code pg_dump} that wrote it (restores need a {@code pg_restore}
 * at least this new)
 * @param mode what it holds
 * @param libraryVersion the library's migration version, {@code null} when none applied
 * @param applicationVersion the application's migration version, {@code null} when none applied
 * @param rowCounts the rows of every table ({@code schema.table}) in the dump's snapshot; empty for schema-only
 * @param size the dump's size in bytes
 * @param sha256 the dump's SHA-256, lowercase hex
 */
public record BackupManifest(String file, Instant createdAt, String database, String serverVersion, int pgDumpVersion,
		BackupMode mode, @Nullable String libraryVersion, @Nullable String applicationVersion,
		Map<String, Long> rowCounts, long size, String sha256) {

	/**
	 * Copies the row counts.
	 * @param file the dump's file name
	 * @param createdAt when the snapshot was taken
	 * @param database the database dumped
	 * @param serverVersion the server's version
	 * @param pgDumpVersion the major version of pg_dump
	 * @param mode what it holds
	 * @param libraryVersion the library's migration version
	 * @param applicationVersion the application's migration version
	 * @param rowCounts the rows of every table
	 * @param size the size in bytes
	 * @param sha256 the SHA-256
	 */
	public BackupManifest {
		rowCounts = Map.copyOf(rowCounts);
	}

}
