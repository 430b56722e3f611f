package dev.reactivedata.core.migration;

import org.jspecify.annotations.Nullable;

/**
 * What {@code db migrate} applied.
 * @param libraryApplied the number of library migrations applied
 * @param applicationApplied the number of application migrations applied
 * @param libraryVersion the library's version afterwards
 * @param applicationVersion the application's version afterwards
 */
public record MigrateReport(int libraryApplied, int applicationApplied, @Nullable String libraryVersion,
		@Nullable String applicationVersion) {
}
