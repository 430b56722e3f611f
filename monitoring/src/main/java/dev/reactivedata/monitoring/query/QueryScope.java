package dev.reactivedata.monitoring.query;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The statements one unit of work (usually one HTTP request) ran, kept in the Reactor {@link Context} so
 * that it follows the reactive pipeline across threads. Open one with {@link QueryMonitor#openScope}, write
 * it into the context with {@link #writeTo(Context)}, and hand it back to {@link QueryMonitor#close} when
 * the work is done to raise N+1 and budget events.
 * <p>
 * Statements run while a connection is being acquired (pool validation, tenant binding) are not counted:
 * see {@link #markAcquisition(Context)}.
 */
public final class QueryScope {

	private static final Object KEY = QueryScope.class;

	private static final Object ACQUISITION_KEY = QueryScope.class.getName() + ".acquisition";

	private final String correlationId;

	private final String label;

	private final Instant started;

	private final AtomicInteger statements = new AtomicInteger();

	private final Map<QueryShape, AtomicInteger> byShape = new ConcurrentHashMap<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	QueryScope(String correlationId, String label, Instant started) {
		this.correlationId = Objects.requireNonNull(correlationId, "correlationId must not be null");
		this.label = Objects.requireNonNull(label, "label must not be null");
		this.started = started;
	}

	/** @return the correlation id of the request, as shown in slow-query entries and events */
	public String correlationId() {
		return this.correlationId;
	}

	/** @return a human-readable label of the unit of work, such as {@code GET /api/articles} */
	public String label() {
		return this.label;
	}

	/** @return when the scope was opened */
	public Instant started() {
		return this.started;
	}

	/** @return the number of statements started in this scope so far */
	public int statementCount() {
		return this.statements.get();
	}

	/** @return statements started so far per shape, in no particular order */
	public Map<QueryShape, Integer> statementsByShape() {
		Map<QueryShape, Integer> copy = new LinkedHashMap<>();
		this.byShape.forEach((shape, count) -> copy.put(shape, count.get()));
		return copy;
	}

	/**
	 * Puts this scope into a context.
	 * @param context the context to extend
	 * @return the extended context
	 */
	public Context writeTo(Context context) {
		return context.put(KEY, this);
	}

	/**
	 * Emits the scope of the subscriber's context, or completes empty outside a scope.
	 * @return the current scope, or empty
	 */
	public static Mono<QueryScope> current() {
		return Mono.deferContextual(context -> Mono.justOrEmpty(context.<QueryScope>getOrEmpty(KEY)));
	}

	/**
	 * Marks a context as "acquiring a connection": statements subscribed with such a context (the pool's
	 * validation query, the tenant binding) are timed but not counted against the request scope. Used by
	 * the connection factory wrapper of the pool package.
	 * @param context the context of a connection acquisition
	 * @return the marked context
	 */
	public static Context markAcquisition(Context context) {
		return context.put(ACQUISITION_KEY, Boolean.TRUE);
	}

	static @org.jspecify.annotations.Nullable QueryScope from(@org.jspecify.annotations.Nullable ContextView context) {
		if (context == null || context.isEmpty() || context.hasKey(ACQUISITION_KEY)) {
			return null;
		}
		return context.getOrDefault(KEY, null);
	}

	static boolean isAcquisition(@org.jspecify.annotations.Nullable ContextView context) {
		return context != null && context.hasKey(ACQUISITION_KEY);
	}

	void record(QueryShape shape) {
		this.statements.incrementAndGet();
		AtomicInteger count = this.byShape.get(shape);
		if (count == null) {
			count = this.byShape.computeIfAbsent(shape, key -> new AtomicInteger());
		}
		count.incrementAndGet();
	}

	boolean close() {
		return this.closed.compareAndSet(false, true);
	}

	@Override
	public String toString() {
		return "QueryScope[" + this.label + ", " + this.correlationId + ", statements=" + this.statements.get() + "]";
	}

}
