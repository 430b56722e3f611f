package dev.reactivedata.monitoring.proxy;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.r2dbc.proxy.core.ConnectionInfo;
import io.r2dbc.proxy.core.ValueStore;
import io.r2dbc.spi.Connection;

/**
 * The {@link ConnectionInfo} of a connection that {@link ProxiedConnectionFactory} created on the fast path, kept
 * as r2dbc-proxy keeps its own: the driver's connection, the id the configuration's id manager gave it, and the
 * transaction counters its wrapper increments.
 */
final class ObservedConnectionInfo implements ConnectionInfo {

	private static final AtomicIntegerFieldUpdater<ObservedConnectionInfo> TRANSACTIONS = AtomicIntegerFieldUpdater
		.newUpdater(ObservedConnectionInfo.class, "transactions");

	private static final AtomicIntegerFieldUpdater<ObservedConnectionInfo> COMMITS = AtomicIntegerFieldUpdater
		.newUpdater(ObservedConnectionInfo.class, "commits");

	private static final AtomicIntegerFieldUpdater<ObservedConnectionInfo> ROLLBACKS = AtomicIntegerFieldUpdater
		.newUpdater(ObservedConnectionInfo.class, "rollbacks");

	private final Connection connection;

	private final String id;

	private final ValueStore values = ValueStore.create();

	private volatile int transactions;

	private volatile int commits;

	private volatile int rollbacks;

	private volatile boolean closed;

	ObservedConnectionInfo(Connection connection, String id) {
		this.connection = connection;
		this.id = id;
	}

	@Override
	public Connection getOriginalConnection() {
		return this.connection;
	}

	@Override
	public String getConnectionId() {
		return this.id;
	}

	@Override
	public void incrementTransactionCount() {
		TRANSACTIONS.incrementAndGet(this);
	}

	@Override
	public void incrementCommitCount() {
		COMMITS.incrementAndGet(this);
	}

	@Override
	public void incrementRollbackCount() {
		ROLLBACKS.incrementAndGet(this);
	}

	@Override
	public int getTransactionCount() {
		return this.transactions;
	}

	@Override
	public int getCommitCount() {
		return this.commits;
	}

	@Override
	public int getRollbackCount() {
		return this.rollbacks;
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public void setClosed(boolean closed) {
		this.closed = closed;
	}

	@Override
	public ValueStore getValueStore() {
		return this.values;
	}

}
