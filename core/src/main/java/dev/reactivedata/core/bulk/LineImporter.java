package dev.reactivedata.core.bulk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Imports lines (NDJSON, CSV records) through a {@link LineParser} into a bulk writer, such as
 * {@link BulkOperations#insertAll(Publisher)}. Lines stream through with backpressure: the input is never held in
 * memory. Blank lines are skipped; lines the parser refuses are reported with their 1-based line numbers.
 *
 * @param <T> the entity type
 */
public final class LineImporter<T> {

	/** The most rejected lines a report lists; further ones are only counted. */
	public static final int MAX_REPORTED_REJECTIONS = 1000;

	private final LineParser<T> parser;

	private final Function<Flux<T>, ? extends Publisher<Long>> writer;

	/**
	 * Creates an importer.
	 * @param parser parses and validates one line
	 * @param writer writes the parsed entities and emits how many rows it wrote, such as
	 * {@code repository::insertAll}
	 */
	public LineImporter(LineParser<T> parser, Function<Flux<T>, ? extends Publisher<Long>> writer) {
		this.parser = Objects.requireNonNull(parser, "parser must not be null");
		this.writer = Objects.requireNonNull(writer, "writer must not be null");
	}

	/**
	 * Imports every valid line and reports the rejected ones. Chunks are committed as they are written.
	 * @param lines the input lines, without terminators
	 * @return the report; an error when the writer fails (rows of earlier chunks stay written)
	 */
	public Mono<ImportReport> importLines(Publisher<String> lines) {
		Objects.requireNonNull(lines, "lines must not be null");
		return Mono.defer(() -> {
			State state = new State();
			return Mono.from(this.writer.apply(parse(lines, state, false)))
				.defaultIfEmpty(0L)
				.map(inserted -> state.report(inserted));
		});
	}

	/**
	 * Imports all lines or none, in one transaction: when any line is rejected the transaction rolls back and the
	 * report lists the rejections with {@code inserted = 0}. After the first rejection the remaining lines are
	 * still parsed (to report them) but no longer written.
	 * @param lines the input lines, without terminators
	 * @param transactions the operator that demarcates the transaction
	 * @return the report; an error, after rollback, when the writer fails
	 */
	public Mono<ImportReport> importAtomically(Publisher<String> lines, TransactionalOperator transactions) {
		Objects.requireNonNull(lines, "lines must not be null");
		Objects.requireNonNull(transactions, "transactions must not be null");
		return Mono.defer(() -> {
			State state = new State();
			Mono<Long> unit = Mono.from(this.writer.apply(parse(lines, state, true)))
				.defaultIfEmpty(0L)
				.flatMap(inserted -> (state.rejectedCount.get() > 0) ? Mono.error(new RejectedLinesRollback()) : Mono.just(inserted));
			return transactions.transactional(unit)
				.map(state::report)
				.onErrorResume(RejectedLinesRollback.class, rollback -> Mono.just(state.report(0L)));
		});
	}

	private Flux<T> parse(Publisher<String> lines, State state, boolean stopWritingOnRejection) {
		return Flux.from(lines).index().handle((numbered, sink) -> {
			long line = numbered.getT1() + 1;
			String text = numbered.getT2();
			if (text.isBlank()) {
				return;
			}
			T entity;
			try {
				entity = this.parser.parse(text);
			}
			catch (RuntimeException ex) {
				state.reject(line, (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName());
				return;
			}
			if (!stopWritingOnRejection || state.rejectedCount.get() == 0) {
				sink.next(entity);
			}
		});
	}

	private static final class State {

		private final AtomicLong rejectedCount = new AtomicLong();

		private final List<ImportReport.RejectedLine> rejected = new ArrayList<>();

		synchronized void reject(long line, String message) {
			this.rejectedCount.incrementAndGet();
			if (this.rejected.size() < MAX_REPORTED_REJECTIONS) {
				this.rejected.add(new ImportReport.RejectedLine(line, message));
			}
		}

		synchronized ImportReport report(long inserted) {
			return new ImportReport(inserted, this.rejectedCount.get(), this.rejected);
		}

	}

	/** Rolls the all-or-nothing transaction back when a line was rejected; never escapes this class. */
	private static final class RejectedLinesRollback extends RuntimeException {

		RejectedLinesRollback() {
			super("A line was rejected", null, false, false);
		}

	}

}
