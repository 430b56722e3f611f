package dev.reactivedata.core.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Keeps the statements of an interrupted unit of work from reaching the database after its rollback. The driver
 * sends a statement as soon as its execution is subscribed, and a statement of a unit can be subscribed just as the
 * unit is cancelled on another thread; sent after the {@code ROLLBACK}, it would run (and commit) on its own. The
 * unit's gate is in the Reactor Context of its statements: each is sent inside {@link #enter()} and
 * {@link #exit()}, once the gate is {@linkplain #close() closed} none is sent, and the rollback waits for
 * {@link #drained()}, when the sends already under way have been handed to the driver.
 */
public final class StatementGate {

	private static final Object KEY = StatementGate.class;

	private static final int CLOSED = Integer.MIN_VALUE;

	// The sends under way, plus CLOSED once closed.
	private final AtomicInteger state = new AtomicInteger();

	private final Sinks.Empty<Void> drained = Sinks.empty();

	private final @Nullable StatementGate enclosing;

	private StatementGate(@Nullable StatementGate enclosing) {
		this.enclosing = enclosing;
	}

	/**
	 * Opens the gate of a unit of work that runs in {@code context}, inside the gate of an enclosing unit if any.
	 * @param context the context the unit is subscribed with
	 * @return the new gate
	 */
	public static StatementGate open(ContextView context) {
		return new StatementGate(context.getOrDefault(KEY, null));
	}

	/**
	 * Returns the gate of the unit of work whose statement runs in {@code context}.
	 * @param context the statement's context
	 * @return the gate, or {@code null} outside a gated unit
	 */
	public static @Nullable StatementGate of(ContextView context) {
		return context.getOrDefault(KEY, null);
	}

	/**
	 * Puts this gate into a context, for {@code contextWrite} around the unit's work.
	 * @param context the unit's context
	 * @return the context with this gate
	 */
	public Context attach(Context context) {
		return context.put(KEY, this);
	}

	/**
	 * Starts sending a statement.
	 * @return {@code false} when the unit (or an enclosing one) was interrupted: the statement must not be sent;
	 * else {@code true}, and {@link #exit()} must follow
	 */
	public boolean enter() {
		if (this.enclosing != null && this.enclosing.isClosed()) {
			return false;
		}
		int current;
		do {
			current = this.state.get();
			if (current < 0) {
				return false;
			}
		}
		while (!this.state.compareAndSet(current, current + 1));
		return true;
	}

	/** Ends a send started by a successful {@link #enter()}. */
	public void exit() {
		if (this.state.decrementAndGet() == CLOSED) {
			this.drained.tryEmitEmpty();
		}
	}

	/** Refuses every later send. */
	public void close() {
		int current;
		do {
			current = this.state.get();
			if (current < 0) {
				return;
			}
		}
		while (!this.state.compareAndSet(current, current | CLOSED));
		if (current == 0) {
			this.drained.tryEmitEmpty();
		}
	}

	/** @return completion once the gate is closed and no send is under way */
	public Mono<Void> drained() {
		return this.drained.asMono();
	}

	private boolean isClosed() {
		return this.state.get() < 0 || (this.enclosing != null && this.enclosing.isClosed());
	}

}
