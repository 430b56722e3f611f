package dev.reactivedata.core.migration;

/**
 * One statement a dry run executed and rolled back.
 * @param script the migration script
 * @param line the line the statement starts on
 * @param effect what it does, e.g. {@code create table articles}, {@code insert into tenants}
 * @param rows the rows an INSERT, UPDATE, DELETE or TRUNCATE touched, {@code -1} for other statements
 */
public record DryRunStatement(String script, int line, String effect, long rows) {
}
