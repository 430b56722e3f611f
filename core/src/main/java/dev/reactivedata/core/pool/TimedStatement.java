package dev.reactivedata.core.pool;

import dev.reactivedata.core.internal.StatementGate;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;

/**
 * A statement of a {@link TrackedConnection} whose executions are bounded by the statement timeout of the
 * subscriber's context, else of the pool (see {@link StatementTimeout}), and whose results are released when
 * their subscriber cancels ({@link StatementExecution}). A statement of a cancelled unit of work is not sent
 * ({@link StatementGate}).
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
		return StatementExecution.of(this.delegate::execute, this.connection);
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

}
