package dev.reactivedata.core.routing;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The read-your-writes state of one caller (an HTTP request, a job), kept in the Reactor Context: the latest
 * commit position the caller must see. Bind it around the caller's work with {@link #bind()}; reads routed to a
 * replica then wait for nothing but go to the primary whenever no replica is known to have replayed the token,
 * and each read-write commit on the primary moves the token forward. Without a session in the context, commits
 * capture nothing.
 * <p>
 * Thread-safe: concurrent commits of one caller keep the latest position.
 */
public final class ConsistencySession {

	private static final Object KEY = ConsistencySession.class;

	private final AtomicReference<@Nullable ConsistencyToken> token;

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

	/** @return the latest position this caller must see, if any */
	public Optional<ConsistencyToken> token() {
		return Optional.ofNullable(this.token.get());
	}

	/** Sends the rest of this session's reads to the primary: a commit's position could not be read. */
	void requirePrimary() {
		this.primaryOnly = true;
	}

	boolean primaryOnly() {
		return this.primaryOnly;
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
