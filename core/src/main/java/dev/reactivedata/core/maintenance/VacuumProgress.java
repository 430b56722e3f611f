package dev.reactivedata.core.maintenance;

/**
 * How far the {@code VACUUM} of one table has got, from {@code pg_stat_progress_vacuum} (or
 * {@code pg_stat_progress_cluster} for {@code VACUUM FULL}).
 * @param table the table
 * @param index its position among the tables vacuumed, from 1
 * @param tables how many tables are vacuumed
 * @param phase PostgreSQL's phase ({@code scanning heap}, …), {@code done} at the end
 * @param blocksDone heap blocks scanned so far
 * @param blocksTotal heap blocks in all
 */
public record VacuumProgress(String table, int index, int tables, String phase, long blocksDone, long blocksTotal) {
}
