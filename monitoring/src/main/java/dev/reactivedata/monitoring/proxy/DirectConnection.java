package dev.reactivedata.monitoring.proxy;

import java.time.Duration;

import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.core.ConnectionInfo;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * A fast-path {@link Connection} (see {@link FastPath}): calls go straight to the connection, statements are
 * observed by {@link DirectStatement}, and the {@link ConnectionInfo} counters are kept as r2dbc-proxy keeps
 * them. Batches, rare on hot paths, take r2dbc-proxy's own handler.
 */
final class DirectConnection extends DirectWrapper<Connection> implements Connection {

	private final ConnectionInfo info;

	DirectConnection(Connection connection, ConnectionInfo info, ProxyConfig config) {
		super(connection, connection, config);
		this.info = info;
	}

	@Override
	public Publisher<Void> beginTransaction() {
		return Flux.from(this.target.beginTransaction()).doOnComplete(this.info::incrementTransactionCount);
	}

	@Override
	public Publisher<Void> beginTransaction(TransactionDefinition definition) {
		return Flux.from(this.target.beginTransaction(definition)).doOnComplete(this.info::incrementTransactionCount);
	}

	@Override
	public Publisher<Void> close() {
		return Flux.from(this.target.close()).doOnComplete(() -> this.info.setClosed(true));
	}

	@Override
	public Publisher<Void> commitTransaction() {
		return Flux.from(this.target.commitTransaction()).doOnComplete(this.info::incrementCommitCount);
	}

	@Override
	public Batch createBatch() {
		return new ProxiedBatch(this.target.createBatch(), this.info, this.config);
	}

	@Override
	public Publisher<Void> createSavepoint(String name) {
		return this.target.createSavepoint(name);
	}

	@Override
	public Statement createStatement(String sql) {
		return new DirectStatement(this.target.createStatement(sql), sql, this.info, this.config);
	}

	@Override
	public boolean isAutoCommit() {
		return this.target.isAutoCommit();
	}

	@Override
	public ConnectionMetadata getMetadata() {
		return this.target.getMetadata();
	}

	@Override
	public IsolationLevel getTransactionIsolationLevel() {
		return this.target.getTransactionIsolationLevel();
	}

	@Override
	public Publisher<Void> releaseSavepoint(String name) {
		return this.target.releaseSavepoint(name);
	}

	@Override
	public Publisher<Void> rollbackTransaction() {
		return Flux.from(this.target.rollbackTransaction()).doOnComplete(this.info::incrementRollbackCount);
	}

	@Override
	public Publisher<Void> rollbackTransactionToSavepoint(String name) {
		return this.target.rollbackTransactionToSavepoint(name);
	}

	@Override
	public Publisher<Void> setAutoCommit(boolean autoCommit) {
		return this.target.setAutoCommit(autoCommit);
	}

	@Override
	public Publisher<Void> setLockWaitTimeout(Duration timeout) {
		return this.target.setLockWaitTimeout(timeout);
	}

	@Override
	public Publisher<Void> setStatementTimeout(Duration timeout) {
		return this.target.setStatementTimeout(timeout);
	}

	@Override
	public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
		return this.target.setTransactionIsolationLevel(isolationLevel);
	}

	@Override
	public Publisher<Boolean> validate(ValidationDepth depth) {
		return this.target.validate(depth);
	}

}
