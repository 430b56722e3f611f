package dev.reactivedata.core.routing;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The read-your-writes state of one caller (an HTTP request, a job), kept in the Reactor Context: the latest
 * commit position the caller must see. Bind it around the caller's work with {@link #bind()}; reads routed to a
 * replica then wait for nothing but go to the primary whenever no replica is known to have replayed the token.
 * <p>
 * A read-write commit on the primary costs no round trip of its own: it only marks the session as having commits
 * whose position is not captured yet, and until it is, every read of the session goes to the primary, which is
 * always up to date. The position is read when the token must leave the caller ({@link #latest()}, e.g. for a
 * response header), on any primary connection: a WAL position read after a commit was acknowledged is at or after
 * the end of its commit record, so a replica that has replayed it sees the commit. From then on reads may go to a
 * replica again. Without a session in the context, commits mark nothing.
 * <p>
 * Thread-safe: concurrent commits of one caller keep the latest position.
 */
public final class ConsistencySession {

	private static final Log logger = LogFactory.getLog(ConsistencySession.class);

	private static final Object KEY = ConsistencySession.class;

	static final String POSITION = "SELECT pg_current_wal_insert_lsn()::text";

	private final AtomicReference<@Nullable ConsistencyToken> token;

	// Commits on the primary so far, and how many of them the token covers.
	private final AtomicLong commits = new AtomicLong();

	private final AtomicLong captured = new AtomicLong();

	private volatile @Nullable ConnectionFactory primary;

	private volatile boolean primaryOnly;

	private ConsistencySession(@Nullable ConsistencyToken token) {
		this.token = new AtomicReference<>(token);
	}

	/**
	 * Starts a session with nothing to wait for.
	 * @return a new session
	 */
	public static ConsistencySession start() {
		return new ConsistencySession(null);
	}

	/**
	 * Starts a session that must see at least the given position, such as a token the caller sent back.
	 * @param token the position, or {@code null} for none
	 * @return a new session
	 */
	public static ConsistencySession start(@Nullable ConsistencyToken token) {
		return new ConsistencySession(token);
	}

	/**
	 * Returns the session of a Reactor Context.
	 * @param context the context
	 * @return the session, or empty when none is bound
	 */
	public static Optional<ConsistencySession> from(ContextView context) {
		return context.getOrEmpty(KEY);
	}

	/**
	 * Emits the session of the subscriber's context.
	 * @return the session, or empty when none is bound
	 */
	public static Mono<ConsistencySession> current() {
		return Mono.deferContextual(context -> Mono.justOrEmpty(from(context)));
	}

	/**
	 * Returns the context change that binds this session, for {@code contextWrite}.
	 * @return the context change
	 */
	public Function<Context, Context> bind() {
		return context -> context.put(KEY, this);
	}

	/**
	 * Returns the latest position captured so far, without reading anything. It may be older than a commit of this
	 * session whose position was not captured yet; use {@link #latest()} for a token that covers every commit.
	 * @return the latest captured position, if any
	 */
	public Optional<ConsistencyToken> token() {
		return Optional.ofNullable(this.token.get());
	}

	/**
	 * Emits the latest position this caller must see, covering every commit of the session acknowledged before the
	 * subscription: when some commit's position is not captured yet, it is read first on a primary connection (one
	 * round trip), else nothing is read. Should that read fail, the failure is logged, the session's further reads
	 * go to the primary, and the position captured before is emitted.
	 * @return the position; empty when the session has none
	 */
	public Mono<ConsistencyToken> latest() {
		return Mono.defer(() -> {
			long upTo = this.commits.get();
			ConnectionFactory source = this.primary;
			if (upTo <= this.captured.get() || source == null) {
				return Mono.justOrEmpty(this.token.get());
			}
			return Mono.usingWhen(Mono.from(source.create()), ConsistencySession::readPosition, Connection::close)
				.doOnNext(position -> {
					advance(position);
					this.captured.accumulateAndGet(upTo, Math::max);
				})
				.then(Mono.fromSupplier(this.token::get))
				.onErrorResume(error -> {
					logger.warn("Could not read the WAL position after a commit; the session's further reads go to "
							+ "the primary", error);
					requirePrimary();
					return Mono.justOrEmpty(this.token.get());
				});
		});
	}

	private static Mono<ConsistencyToken> readPosition(Connection connection) {
		return Flux.from(connection.createStatement(POSITION).execute())
			.concatMap(result -> result.map((row, metadata) -> ConsistencyToken.parse(row.get(0, String.class))))
			.last();
	}

	/**
	 * Records a read-write commit acknowledged by the primary: until its position is captured, the session's
	 * reads go to the primary.
	 * @param primary the primary, to read the position from later
	 */
	void committed(ConnectionFactory primary) {
		this.primary = primary;
		this.commits.incrementAndGet();
	}

	/** Sends the rest of this session's reads to the primary: a commit's position could not be read. */
	void requirePrimary() {
		this.primaryOnly = true;
	}

	/** @return whether reads must go to the primary: a commit's position is not captured yet, or could not be */
	boolean primaryOnly() {
		return this.primaryOnly || this.commits.get() > this.captured.get();
	}

	/**
	 * Moves the token forward to a position the caller committed at; an earlier position changes nothing.
	 * @param committed the position
	 */
	public void advance(ConsistencyToken committed) {
		Objects.requireNonNull(committed, "committed must not be null");
		this.token.accumulateAndGet(committed, (current, next) -> (current == null || next.reached(current)) ? next : current);
	}

}
