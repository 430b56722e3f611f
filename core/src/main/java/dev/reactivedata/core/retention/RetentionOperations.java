package dev.reactivedata.core.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Deletes audit entries and purges soft-deleted rows older than their cutoffs, as the schema owner (the
 * application role may not delete audit entries, and row-level security would scope it to one tenant). Each
 * batch is one {@code DELETE … WHERE id IN (SELECT id … LIMIT n)} that commits on its own, so no batch holds its
 * locks for long and an interrupted run keeps what it deleted. Publishers are cold.
 */
public final class RetentionOperations {

	private final DatabaseClient owner;

	private final List<RetentionTable> softDeleted;

	private final Clock clock;

	/**
	 * Creates the operations.
	 * @param owner a client connected as the schema owner, in autocommit (each batch commits)
	 * @param softDeleted the tables whose soft-deleted rows are purged (see {@link RetentionTable#softDeleted})
	 * @param clock the clock cutoffs are computed from
	 */
	public RetentionOperations(DatabaseClient owner, List<RetentionTable> softDeleted, Clock clock) {
		this.owner = Objects.requireNonNull(owner, "owner must not be null");
		this.softDeleted = List.copyOf(Objects.requireNonNull(softDeleted, "softDeleted must not be null"));
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * Runs retention: the audit log first, then each soft-deleted table.
	 * @param options what to delete
	 * @param progress receives each table's rows deleted so far, after every batch
	 * @return the rows per table
	 */
	public Mono<RetentionReport> run(RetentionOptions options, BiConsumer<String, Long> progress) {
		Objects.requireNonNull(options, "options must not be null");
		Objects.requireNonNull(progress, "progress must not be null");
		return Mono.defer(() -> {
			Instant now = this.clock.instant();
			List<Mono<RetentionReport.TableResult>> steps = new ArrayList<>();
			add(steps, RetentionTable.AUDIT_LOG, now, options.auditOlderThan(), options, progress);
			for (RetentionTable table : this.softDeleted) {
				add(steps, table, now, options.deletedOlderThan(), options, progress);
			}
			return Flux.concat(steps).collectList().map(tables -> new RetentionReport(options.dryRun(), tables));
		});
	}

	private void add(List<Mono<RetentionReport.TableResult>> steps, RetentionTable table, Instant now,
			@Nullable Duration age, RetentionOptions options, BiConsumer<String, Long> progress) {
		if (age != null) {
			Instant cutoff = now.minus(age);
			steps.add(options.dryRun() ? count(table, cutoff) : delete(table, cutoff, options.batchSize(), progress));
		}
	}

	private Mono<RetentionReport.TableResult> count(RetentionTable table, Instant cutoff) {
		return this.owner
			.sql("SELECT count(*) AS n FROM " + table.table() + " WHERE " + table.timeColumn() + " < :cutoff")
			.bind("cutoff", cutoff)
			.map(row -> row.get("n", Long.class))
			.one()
			.map(rows -> new RetentionReport.TableResult(name(table), table.kind(), cutoff, rows, 0));
	}

	private Mono<RetentionReport.TableResult> delete(RetentionTable table, Instant cutoff, int batchSize,
			BiConsumer<String, Long> progress) {
		String sql = "DELETE FROM " + table.table() + " WHERE " + table.idColumn() + " IN (SELECT " + table.idColumn()
				+ " FROM " + table.table() + " WHERE " + table.timeColumn() + " < :cutoff LIMIT :batch)";
		AtomicLong deleted = new AtomicLong();
		AtomicLong batches = new AtomicLong();
		return Mono.defer(() -> this.owner.sql(sql).bind("cutoff", cutoff).bind("batch", batchSize).fetch().rowsUpdated())
			.doOnNext(rows -> {
				batches.incrementAndGet();
				progress.accept(name(table), deleted.addAndGet(rows));
			})
			.repeat()
			.takeUntil(rows -> rows < batchSize)
			.then(Mono.fromSupplier(() -> new RetentionReport.TableResult(name(table), table.kind(), cutoff,
					deleted.get(), batches.get())));
	}

	private static String name(RetentionTable table) {
		return table.table().replace("\"", "");
	}

}
