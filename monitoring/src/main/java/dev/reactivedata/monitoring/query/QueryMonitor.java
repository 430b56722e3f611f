package dev.reactivedata.monitoring.query;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.reactivedata.monitoring.proxy.DirectProxyFactoryFactory;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Query observation, the entry point of this package. Apply {@link #configure} to the r2dbc-proxy
 * {@link ProxyConnectionFactory} inside the pool (Spring Boot: a {@code ProxyConnectionFactoryCustomizer}); the
 * monitor's {@link #listener()} then
 * <ul>
 * <li>times every statement from execution until its results are consumed, per normalized
 * {@link QueryShape} ({@link #metrics()} once bound to a registry, {@link #statistics()} in memory),</li>
 * <li>logs statements at or above the slow threshold ({@link #slowQueries()}),</li>
 * <li>counts statements per {@link QueryScope} found in the Reactor Context of the subscriber of
 * {@code Statement.execute()} (r2dbc-proxy stores that context in the execution's value store), and on
 * {@link #close(QueryScope)} raises N+1 and budget events ({@link #requestEvents()}).</li>
 * </ul>
 */
public final class QueryMonitor {

	private static final Log logger = LogFactory.getLog(QueryMonitor.class);

	private final QueryMonitorOptions options;

	private final Clock clock;

	private final QueryShapes shapes;

	private final QueryStatistics statistics;

	private final SlowQueryLog slowQueries;

	private final QueryMetrics metrics;

	private final ProxyExecutionListener listener;

	private final Sinks.Many<RequestQueryEvent> events = Sinks.many().multicast().directBestEffort();

	private QueryMonitor(QueryMonitorOptions options, Clock clock, io.micrometer.core.instrument.Clock meterClock) {
		this.options = options;
		this.clock = clock;
		this.shapes = new QueryShapes(options.maxShapes());
		this.statistics = new QueryStatistics(new LatencyWindow(options.percentileWindow(), meterClock));
		this.slowQueries = new SlowQueryLog(options.slowThreshold(), options.slowLogSize());
		this.metrics = new QueryMetrics(this.shapes::size);
		this.listener = new QueryObservationListener(this);
	}

	/**
	 * Creates a monitor.
	 * @param options the options
	 * @return a new monitor
	 */
	public static QueryMonitor create(QueryMonitorOptions options) {
		return new QueryMonitor(Objects.requireNonNull(options, "options must not be null"), Clock.systemUTC(),
				io.micrometer.core.instrument.Clock.SYSTEM);
	}

	static QueryMonitor create(QueryMonitorOptions options, Clock clock, io.micrometer.core.instrument.Clock meterClock) {
		return new QueryMonitor(options, clock, meterClock);
	}

	/** @return the r2dbc-proxy listener to register on the proxied connection factory */
	public ProxyExecutionListener listener() {
		return this.listener;
	}

	/**
	 * Sets up an r2dbc-proxy connection factory for this monitor: registers {@link #listener()} and replaces
	 * r2dbc-proxy's JDK dynamic proxies by the {@link DirectProxyFactoryFactory}'s wrapper classes, which keep
	 * the listener semantics at a fraction of the cost per query. Fits Spring Boot's
	 * {@code ProxyConnectionFactoryCustomizer} as {@code monitor::configure}.
	 * @param builder the builder of the proxy around the driver's connection factory
	 */
	public void configure(ProxyConnectionFactory.Builder builder) {
		Objects.requireNonNull(builder, "builder must not be null");
		builder.getProxyConfig().setProxyFactoryFactory(new DirectProxyFactoryFactory());
		builder.listener(this.listener);
	}

	/** @return the options */
	public QueryMonitorOptions options() {
		return this.options;
	}

	/** @return in-memory counters and percentiles */
	public QueryStatistics statistics() {
		return this.statistics;
	}

	/** @return the slow-query log */
	public SlowQueryLog slowQueries() {
		return this.slowQueries;
	}

	/**
	 * Lists the query shapes seen so far, which map the {@code shape} tag of the query meters back to the
	 * normalized SQL (no literal values); at most {@link QueryMonitorOptions#maxShapes()} of them.
	 * @return the shapes, ordered by id
	 */
	public List<QueryShape> knownShapes() {
		return this.shapes.all();
	}

	/** @return the meter binder of the query meters */
	public QueryMetrics metrics() {
		return this.metrics;
	}

	/**
	 * Opens a request scope; write it into the request's Reactor Context with {@link QueryScope#writeTo}.
	 * @param correlationId the request's correlation id
	 * @param label a human-readable label such as {@code GET /api/articles}
	 * @return the open scope
	 */
	public QueryScope openScope(String correlationId, String label) {
		return new QueryScope(correlationId, label, this.clock.instant());
	}

	/**
	 * Closes a scope and raises its events: one {@link RequestQueryEvent.Kind#N_PLUS_ONE} per shape that ran
	 * more than the N+1 threshold, one {@link RequestQueryEvent.Kind#BUDGET_EXCEEDED} when the scope ran more
	 * statements than the budget. Closing a scope again raises nothing.
	 * @param scope the scope
	 * @return the events raised, empty when none
	 */
	public List<RequestQueryEvent> close(QueryScope scope) {
		Objects.requireNonNull(scope, "scope must not be null");
		if (!scope.close()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		List<RequestQueryEvent> raised = new ArrayList<>();
		for (Map.Entry<QueryShape, Integer> entry : scope.statementsByShape().entrySet()) {
			if (entry.getValue() > this.options.nPlusOneThreshold()) {
				QueryShape shape = entry.getKey();
				raised.add(new RequestQueryEvent(RequestQueryEvent.Kind.N_PLUS_ONE, shape.id(), shape.sql(),
						entry.getValue(), this.options.nPlusOneThreshold(), scope.correlationId(), scope.label(), now));
			}
		}
		int budget = this.options.queryBudget();
		if (budget > 0 && scope.statementCount() > budget) {
			raised.add(new RequestQueryEvent(RequestQueryEvent.Kind.BUDGET_EXCEEDED, null, null,
					scope.statementCount(), budget, scope.correlationId(), scope.label(), now));
		}
		for (RequestQueryEvent event : raised) {
			if (logger.isWarnEnabled()) {
				logger.warn(describe(event));
			}
			this.metrics.event(event);
			synchronized (this.events) {
				this.events.tryEmitNext(event);
			}
		}
		return raised;
	}

	/**
	 * Emits N+1 and budget events as scopes close; hot, never completes. A subscriber without demand misses
	 * events.
	 * @return the live request events
	 */
	public Flux<RequestQueryEvent> requestEvents() {
		return this.events.asFlux();
	}

	void observed(QueryShape shape, boolean success, long nanos, long rows, @org.jspecify.annotations.Nullable QueryScope scope) {
		boolean slow = nanos >= this.options.slowThreshold().toNanos();
		this.statistics.record(nanos, success, slow);
		this.metrics.record(shape, success, nanos, rows);
		if (slow) {
			this.metrics.slow(shape);
			this.slowQueries.add(new SlowQuery(shape.id(), shape.sql(), Math.round(nanos / 1_000.0) / 1_000.0, rows,
					success, this.clock.instant(), (scope != null) ? scope.correlationId() : null));
		}
	}

	QueryShapes shapes() {
		return this.shapes;
	}

	private static String describe(RequestQueryEvent event) {
		if (event.kind() == RequestQueryEvent.Kind.N_PLUS_ONE) {
			return "N+1 in " + event.label() + " [" + event.correlationId() + "]: query shape " + event.shapeId()
					+ " ran " + event.count() + " times (threshold " + event.limit() + "): " + event.sql();
		}
		return "Query budget exceeded in " + event.label() + " [" + event.correlationId() + "]: " + event.count()
				+ " statements (budget " + event.limit() + ")";
	}

}
