package dev.reactivedata.core.bulk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

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
	 * Imports every valid line and reports the rejected ones. The parsed lines are written in chunks of
	 * {@value BulkOperations#DEFAULT_CHUNK_SIZE}, one after the other, each committed when written.
	 * @param lines the input lines, without terminators
	 * @return the report; {@link ImportInterruptedException} when the writer fails, telling how many rows the
	 * earlier chunks committed and the first line that was not processed, so the caller can resume from there
	 */
	public Mono<ImportReport> importLines(Publisher<String> lines) {
		Objects.requireNonNull(lines, "lines must not be null");
		return Mono.defer(() -> {
			State state = new State();
			return parse(Flux.from(lines).index(), state, false)
				.buffer(BulkOperations.DEFAULT_CHUNK_SIZE)
				.concatMap(chunk -> write(chunk, state), 1)
				.then(Mono.fromSupplier(() -> state.report(state.inserted.get())));
		});
	}

	private Mono<Long> write(List<Numbered<T>> chunk, State state) {
		return Mono.from(this.writer.apply(Flux.fromIterable(chunk).map(Numbered::entity)))
			.defaultIfEmpty(0L)
			.doOnNext(written -> state.committed(written, chunk.get(chunk.size() - 1).line()))
			.onErrorMap(error -> new ImportInterruptedException("The import stopped after " + state.inserted.get()
					+ " committed rows; line " + state.firstUnprocessedLine() + " and those after it were not imported",
					state.report(state.inserted.get()), state.firstUnprocessedLine(), error));
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
			Mono<Long> unit = Mono.from(this.writer.apply(parse(Flux.from(lines).index(), state, true).map(Numbered::entity)))
				.defaultIfEmpty(0L)
				.flatMap(inserted -> (state.rejectedCount.get() > 0) ? Mono.error(new RejectedLinesRollback()) : Mono.just(inserted));
			return transactions.transactional(unit)
				.map(state::report)
				.onErrorResume(RejectedLinesRollback.class, rollback -> Mono.just(state.report(0L)));
		});
	}

	private Flux<Numbered<T>> parse(Flux<Tuple2<Long, String>> lines, State state, boolean stopWritingOnRejection) {
		return lines.handle((numbered, sink) -> {
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
				sink.next(new Numbered<>(line, entity));
			}
		});
	}

	private record Numbered<T>(long line, T entity) {
	}

	private static final class State {

		private final AtomicLong rejectedCount = new AtomicLong();

		private final AtomicLong inserted = new AtomicLong();

		private volatile long committedThroughLine;

		private final List<ImportReport.RejectedLine> rejected = new ArrayList<>();

		synchronized void reject(long line, String message) {
			this.rejectedCount.incrementAndGet();
			if (this.rejected.size() < MAX_REPORTED_REJECTIONS) {
				this.rejected.add(new ImportReport.RejectedLine(line, message));
			}
		}

		void committed(long written, long lastLine) {
			this.inserted.addAndGet(written);
			this.committedThroughLine = lastLine;
		}

		long firstUnprocessedLine() {
			return this.committedThroughLine + 1;
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
