package dev.reactivedata.core.migration;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One migration as {@code db info} lists it.
 * @param version its version, or {@code null} for a repeatable migration
 * @param description its description
 * @param type Flyway's type ({@code SQL}, {@code JDBC}, {@code BASELINE}, …)
 * @param installedOn when it was applied, {@code null} while pending
 * @param checksumOk whether the file still has the checksum it was applied with (always {@code true} while
 * pending or when there is nothing to compare)
 * @param state Flyway's state ({@code SUCCESS}, {@code PENDING}, {@code MISSING_SUCCESS}, …)
 * @param script the script name
 */
public record MigrationEntry(@Nullable String version, String description, String type, @Nullable Instant installedOn,
		boolean checksumOk, String state, String script) {
}
