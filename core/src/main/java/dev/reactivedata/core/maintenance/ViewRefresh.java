package dev.reactivedata.core.maintenance;

/**
 * One materialized view refreshed by {@code db views refresh}.
 * @param view {@code schema.view}
 * @param concurrently whether it was refreshed concurrently (readers kept reading); a view without a unique index
 * or never populated is refreshed plainly even when concurrency was asked for
 * @param millis how long it took
 */
public record ViewRefresh(String view, boolean concurrently, long millis) {
}
