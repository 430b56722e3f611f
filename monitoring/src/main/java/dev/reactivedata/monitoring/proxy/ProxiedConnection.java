package dev.reactivedata.monitoring.proxy;

import java.time.Duration;

import io.r2dbc.proxy.callback.ConnectionCallbackHandler;
import io.r2dbc.proxy.callback.ConnectionHolder;
import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyConfigHolder;
import io.r2dbc.proxy.core.ConnectionInfo;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;

/** A proxied {@link Connection}. */
final class ProxiedConnection extends CallbackWrapper
		implements Connection, Wrapped<Connection>, ConnectionHolder, ProxyConfigHolder {

	ProxiedConnection(Connection connection, ConnectionInfo info, ProxyConfig config) {
		super(new ConnectionCallbackHandler(connection, info, config));
	}

	@Override
	public Publisher<Void> beginTransaction() {
		return call(SpiMethods.BEGIN_TRANSACTION);
	}

	@Override
	public Publisher<Void> beginTransaction(TransactionDefinition definition) {
		return call(SpiMethods.BEGIN_TRANSACTION_DEFINITION, definition);
	}

	@Override
	public Publisher<Void> close() {
		return call(SpiMethods.CLOSE);
	}

	@Override
	public Publisher<Void> commitTransaction() {
		return call(SpiMethods.COMMIT_TRANSACTION);
	}

	@Override
	public Batch createBatch() {
		return call(SpiMethods.CREATE_BATCH);
	}

	@Override
	public Publisher<Void> createSavepoint(String name) {
		return call(SpiMethods.CREATE_SAVEPOINT, name);
	}

	@Override
	public Statement createStatement(String sql) {
		return call(SpiMethods.CREATE_STATEMENT, sql);
	}

	@Override
	public boolean isAutoCommit() {
		Boolean autoCommit = call(SpiMethods.IS_AUTO_COMMIT);
		return autoCommit;
	}

	@Override
	public ConnectionMetadata getMetadata() {
		return call(SpiMethods.CONNECTION_GET_METADATA);
	}

	@Override
	public IsolationLevel getTransactionIsolationLevel() {
		return call(SpiMethods.GET_TRANSACTION_ISOLATION_LEVEL);
	}

	@Override
	public Publisher<Void> releaseSavepoint(String name) {
		return call(SpiMethods.RELEASE_SAVEPOINT, name);
	}

	@Override
	public Publisher<Void> rollbackTransaction() {
		return call(SpiMethods.ROLLBACK_TRANSACTION);
	}

	@Override
	public Publisher<Void> rollbackTransactionToSavepoint(String name) {
		return call(SpiMethods.ROLLBACK_TRANSACTION_TO_SAVEPOINT, name);
	}

	@Override
	public Publisher<Void> setAutoCommit(boolean autoCommit) {
		return call(SpiMethods.SET_AUTO_COMMIT, autoCommit);
	}

	@Override
	public Publisher<Void> setLockWaitTimeout(Duration timeout) {
		return call(SpiMethods.SET_LOCK_WAIT_TIMEOUT, timeout);
	}

	@Override
	public Publisher<Void> setStatementTimeout(Duration timeout) {
		return call(SpiMethods.SET_STATEMENT_TIMEOUT, timeout);
	}

	@Override
	public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
		return call(SpiMethods.SET_TRANSACTION_ISOLATION_LEVEL, isolationLevel);
	}

	@Override
	public Publisher<Boolean> validate(ValidationDepth depth) {
		return call(SpiMethods.VALIDATE, depth);
	}

	@Override
	public Connection unwrap() {
		return call(SpiMethods.UNWRAP);
	}

	@Override
	public <E> E unwrap(Class<E> targetClass) {
		return call(SpiMethods.UNWRAP_CLASS, targetClass);
	}

	@Override
	public Connection unwrapConnection() {
		return call(SpiMethods.UNWRAP_CONNECTION);
	}

}
