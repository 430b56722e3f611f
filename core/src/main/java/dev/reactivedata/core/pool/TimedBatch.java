package dev.reactivedata.core.pool;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;

/**
 * A batch of a {@link TrackedConnection}, run as its statements are ({@link TimedStatement}): bounded by the statement
 * timeout, its results released or read on when their subscriber cancels, and the connection given back only once
 * the batch is answered.
 */
final class TimedBatch implements Batch, Wrapped<Batch> {

	private final Batch delegate;

	private final TrackedConnection connection;

	TimedBatch(Batch delegate, TrackedConnection connection) {
		this.delegate = delegate;
		this.connection = connection;
	}

	@Override
	public Batch add(String sql) {
		this.delegate.add(sql);
		return this;
	}

	@Override
	public Publisher<? extends Result> execute() {
		return StatementExecution.of(this.delegate::execute, this.connection);
	}

	@Override
	public Batch unwrap() {
		return this.delegate;
	}

}
