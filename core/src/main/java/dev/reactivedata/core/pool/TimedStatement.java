package dev.reactivedata.core.pool;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * A statement of a {@link TrackedConnection} whose executions are bounded by the statement timeout of the
 * subscriber's context, else of the pool (see {@link StatementTimeout}).
 */
final class TimedStatement implements Statement, Wrapped<Statement> {

	private final Statement delegate;

	private final TrackedConnection connection;

	TimedStatement(Statement delegate, TrackedConnection connection) {
		this.delegate = delegate;
		this.connection = connection;
	}

	@Override
	public Publisher<? extends Result> execute() {
		return Flux.<Result>deferContextual(context -> {
			Duration timeout = this.connection.statementTimeout(context);
			if (timeout.isZero()) {
				return Flux.from(this.delegate.execute());
			}
			StatementDeadline deadline = new StatementDeadline(this.connection, timeout);
			return DeadlinedPublisher.<Result>results(Flux.from(this.delegate.execute()), deadline,
					result -> new TimedResult(result, deadline));
		});
	}

	@Override
	public Statement add() {
		this.delegate.add();
		return this;
	}

	@Override
	public Statement bind(int index, Object value) {
		this.delegate.bind(index, value);
		return this;
	}

	@Override
	public Statement bind(String name, Object value) {
		this.delegate.bind(name, value);
		return this;
	}

	@Override
	public Statement bindNull(int index, Class<?> type) {
		this.delegate.bindNull(index, type);
		return this;
	}

	@Override
	public Statement bindNull(String name, Class<?> type) {
		this.delegate.bindNull(name, type);
		return this;
	}

	@Override
	public Statement returnGeneratedValues(String... columns) {
		this.delegate.returnGeneratedValues(columns);
		return this;
	}

	@Override
	public Statement fetchSize(int rows) {
		this.delegate.fetchSize(rows);
		return this;
	}

	@Override
	public Statement unwrap() {
		return this.delegate;
	}

	/** A result whose consumption disarms (first row or count) or trips (timeout) its statement's deadline. */
	private record TimedResult(Result delegate, StatementDeadline deadline) implements Result, Wrapped<Result> {

		@Override
		public Publisher<Long> getRowsUpdated() {
			return DeadlinedPublisher.consumption(this.delegate.getRowsUpdated(), this.deadline);
		}

		@Override
		public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
			return DeadlinedPublisher.consumption(this.delegate.map(mapping), this.deadline);
		}

		@Override
		public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
			return DeadlinedPublisher.consumption(this.delegate.map(mapping), this.deadline);
		}

		@Override
		public Result filter(Predicate<Segment> filter) {
			return new TimedResult(this.delegate.filter(filter), this.deadline);
		}

		@Override
		public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
			return DeadlinedPublisher.consumption(this.delegate.flatMap(mapping), this.deadline);
		}

		@Override
		public Result unwrap() {
			return this.delegate;
		}

	}

}
