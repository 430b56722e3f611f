package dev.reactivedata.core.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The client-side statement timeout of the guarded pool, and how to change it for one repository call or one
 * unit of work through the Reactor {@link Context}:
 *
 * <pre class="code">
 * repository.findById(id).contextWrite(StatementTimeout.of(Duration.ofMillis(500)));
 * transactions.inTransaction(unit).contextWrite(StatementTimeout.of(Duration.ofSeconds(30)));
 * </pre>
 *
 * A statement whose server sends neither a row nor its row count within the timeout (a slow query, or a backend
 * that stopped answering without closing the socket) is cancelled on the server, its connection is closed and
 * discarded rather than given back to the pool, and the statement fails with
 * {@link StatementTimeoutException}. The limit ends with the first row: a streaming read that has started is not
 * cut off. The default is {@link PoolOptions#statementTimeout()}.
 */
public final class StatementTimeout {

	private static final Object KEY = StatementTimeout.class;

	private StatementTimeout() {
	}

	/**
	 * Sets the statement timeout of every statement run with the resulting context.
	 * @param timeout the timeout; zero for no limit
	 * @return a function for {@code contextWrite}
	 */
	public static Function<Context, Context> of(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout must not be null");
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
		}
		return context -> context.put(KEY, timeout);
	}

	static @Nullable Duration in(ContextView context) {
		return context.getOrDefault(KEY, null);
	}

}
