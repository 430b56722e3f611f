package dev.reactivedata.core.routing;

import java.util.Locale;

import dev.reactivedata.core.internal.ForwardingConnection;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Statement;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A primary connection of a caller with a {@link ConsistencySession}: once a transaction that wrote commits, or
 * before a connection that wrote in auto-commit mode is given back, it tells the session that a commit's position
 * is to be captured, which sends the session's reads to the primary until {@link ConsistencySession#latest()}
 * reads it. That costs no statement here: the position is read only when the token must leave the caller. A
 * statement counts as a write unless its SQL starts with {@code SELECT}, {@code SHOW} or {@code VALUES}. Rolling a
 * transaction back forgets only writes made while one was open: a connection that wrote in auto-commit mode before
 * still tells the session when it is given back.
 */
final class CommitCapturingConnection extends ForwardingConnection {

	private final ConsistencySession session;

	private final ConnectionFactory primary;

	private volatile boolean wrote;

	// Whether a write was created while the connection was in auto-commit mode: committed at once, so a rollback
	// that follows does not undo it.
	private volatile boolean wroteInAutoCommit;

	CommitCapturingConnection(Connection delegate, ConsistencySession session, ConnectionFactory primary) {
		super(delegate);
		this.session = session;
		this.primary = primary;
	}

	@Override
	public Statement createStatement(String sql) {
		if (writes(sql)) {
			this.wrote = true;
			if (!this.wroteInAutoCommit && this.delegate.isAutoCommit()) {
				this.wroteInAutoCommit = true;
			}
		}
		return this.delegate.createStatement(sql);
	}

	@Override
	public Batch createBatch() {
		this.wrote = true;
		if (this.delegate.isAutoCommit()) {
			this.wroteInAutoCommit = true;
		}
		return this.delegate.createBatch();
	}

	@Override
	public Publisher<Void> commitTransaction() {
		return Mono.from(this.delegate.commitTransaction()).doOnSuccess(done -> committed());
	}

	@Override
	public Publisher<Void> rollbackTransaction() {
		return Mono.from(this.delegate.rollbackTransaction()).doOnSuccess(done -> this.wrote = this.wroteInAutoCommit);
	}

	@Override
	public Publisher<Void> close() {
		return Mono.defer(() -> {
			if (this.delegate.isAutoCommit()) {
				committed();
			}
			return Mono.from(this.delegate.close());
		});
	}

	private void committed() {
		if (this.wrote) {
			this.wrote = false;
			this.wroteInAutoCommit = false;
			this.session.committed(this.primary);
		}
	}

	static boolean writes(String sql) {
		int start = 0;
		while (start < sql.length() && (Character.isWhitespace(sql.charAt(start)) || sql.charAt(start) == '(')) {
			start++;
		}
		String head = sql.substring(start, Math.min(sql.length(), start + 6)).toUpperCase(Locale.ROOT);
		return !(head.startsWith("SELECT") || head.startsWith("SHOW") || head.startsWith("VALUES"));
	}

}
