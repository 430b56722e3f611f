package dev.reactivedata.core.routing;

import java.time.Duration;
import java.util.Locale;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A primary connection of a caller with a {@link ConsistencySession}: once a transaction that wrote commits, or
 * before a connection that wrote in auto-commit mode is given back, it reads the primary's WAL insert position on
 * the same connection and advances the session to it. That position is at or after the end of the commit record,
 * so a replica that has replayed it sees the commit. A statement counts as a write unless its SQL starts with
 * {@code SELECT}, {@code SHOW} or {@code VALUES}; connections that only read cost nothing extra.
 */
final class CommitCapturingConnection implements Connection, Wrapped<Connection> {

	private static final Log logger = LogFactory.getLog(CommitCapturingConnection.class);

	private static final String POSITION = "SELECT pg_current_wal_insert_lsn()::text";

	private final Connection delegate;

	private final ConsistencySession session;

	private volatile boolean wrote;

	CommitCapturingConnection(Connection delegate, ConsistencySession session) {
		this.delegate = delegate;
		this.session = session;
	}

	@Override
	public Statement createStatement(String sql) {
		if (!this.wrote && writes(sql)) {
			this.wrote = true;
		}
		return this.delegate.createStatement(sql);
	}

	@Override
	public Batch createBatch() {
		this.wrote = true;
		return this.delegate.createBatch();
	}

	@Override
	public Publisher<Void> commitTransaction() {
		return Mono.from(this.delegate.commitTransaction()).then(Mono.defer(this::capture));
	}

	@Override
	public Publisher<Void> rollbackTransaction() {
		return Mono.from(this.delegate.rollbackTransaction()).doOnSuccess(done -> this.wrote = false);
	}

	@Override
	public Publisher<Void> close() {
		return Mono.defer(() -> this.delegate.isAutoCommit() ? capture() : Mono.<Void>empty())
			.then(Mono.defer(() -> Mono.from(this.delegate.close())));
	}

	private Mono<Void> capture() {
		if (!this.wrote) {
			return Mono.empty();
		}
		this.wrote = false;
		return Flux.from(this.delegate.createStatement(POSITION).execute())
			.concatMap(result -> result.map((row, metadata) -> ConsistencyToken.parse(row.get(0, String.class))))
			.doOnNext(this.session::advance)
			.then()
			.onErrorResume(error -> {
				// The commit stands; without its position the rest of this session reads from the primary.
				logger.warn("Could not read the WAL position after a commit; the session's further reads go to the "
						+ "primary", error);
				this.session.requirePrimary();
				return Mono.empty();
			});
	}

	static boolean writes(String sql) {
		int start = 0;
		while (start < sql.length() && (Character.isWhitespace(sql.charAt(start)) || sql.charAt(start) == '(')) {
			start++;
		}
		String head = sql.substring(start, Math.min(sql.length(), start + 6)).toUpperCase(Locale.ROOT);
		return !(head.startsWith("SELECT") || head.startsWith("SHOW") || head.startsWith("VALUES"));
	}

	@Override
	public Publisher<Void> beginTransaction() {
		return this.delegate.beginTransaction();
	}

	@Override
	public Publisher<Void> beginTransaction(TransactionDefinition definition) {
		return this.delegate.beginTransaction(definition);
	}

	@Override
	public Publisher<Void> createSavepoint(String name) {
		return this.delegate.createSavepoint(name);
	}

	@Override
	public boolean isAutoCommit() {
		return this.delegate.isAutoCommit();
	}

	@Override
	public ConnectionMetadata getMetadata() {
		return this.delegate.getMetadata();
	}

	@Override
	public IsolationLevel getTransactionIsolationLevel() {
		return this.delegate.getTransactionIsolationLevel();
	}

	@Override
	public Publisher<Void> releaseSavepoint(String name) {
		return this.delegate.releaseSavepoint(name);
	}

	@Override
	public Publisher<Void> rollbackTransactionToSavepoint(String name) {
		return this.delegate.rollbackTransactionToSavepoint(name);
	}

	@Override
	public Publisher<Void> setAutoCommit(boolean autoCommit) {
		return this.delegate.setAutoCommit(autoCommit);
	}

	@Override
	public Publisher<Void> setLockWaitTimeout(Duration timeout) {
		return this.delegate.setLockWaitTimeout(timeout);
	}

	@Override
	public Publisher<Void> setStatementTimeout(Duration timeout) {
		return this.delegate.setStatementTimeout(timeout);
	}

	@Override
	public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
		return this.delegate.setTransactionIsolationLevel(isolationLevel);
	}

	@Override
	public Publisher<Boolean> validate(ValidationDepth depth) {
		return this.delegate.validate(depth);
	}

	@Override
	public Connection unwrap() {
		return this.delegate;
	}

}
