package dev.reactivedata.monitoring.query;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * The r2dbc-proxy listener of a {@link QueryMonitor}. r2dbc-proxy (1.1+) stores the Reactor Context of the
 * subscriber of {@code Statement.execute()} in the execution's value store under {@code ContextView.class}
 * before {@code beforeQuery}; that is how the request scope reaches this listener without any
 * {@code ThreadLocal}. {@code afterQuery} fires once every result is consumed, so durations include
 * consumption.
 */
final class QueryObservationListener implements ProxyExecutionListener {

	private final QueryMonitor monitor;

	QueryObservationListener(QueryMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void beforeQuery(QueryExecutionInfo execution) {
		ContextView context = execution.getValueStore().get(ContextView.class, ContextView.class);
		QueryShape shape = shapeOf(execution.getQueries());
		QueryScope scope = QueryScope.from(context);
		if (scope != null) {
			scope.record(shape);
		}
		execution.getValueStore().put(Observation.class, new Observation(shape, scope));
	}

	@Override
	public void eachQueryResult(QueryExecutionInfo execution) {
		Observation observation = execution.getValueStore().get(Observation.class, Observation.class);
		if (observation != null) {
			if (execution.getThrowable() != null) {
				// r2dbc-proxy reports a failed Result consumption here; its afterQuery may still say success
				// when the caller cancels the execution after the error (r2dbc-proxy gh-55 semantics).
				observation.failed = true;
			}
			else {
				observation.result(execution.getCurrentMappedResult());
			}
		}
	}

	@Override
	public void afterQuery(QueryExecutionInfo execution) {
		Observation observation = execution.getValueStore().get(Observation.class, Observation.class);
		if (observation == null || !observation.finish()) {
			return;
		}
		// An execution cancelled before any result has isSuccess() == false but no throwable: not an error.
		boolean success = execution.getThrowable() == null && !observation.failed;
		this.monitor.observed(observation.shape, success, execution.getExecuteDuration().toNanos(),
				observation.rows, observation.scope);
	}

	private QueryShape shapeOf(List<QueryInfo> queries) {
		if (queries.size() == 1) {
			return this.monitor.shapes().shapeOf(queries.get(0).getQuery());
		}
		List<String> statements = new ArrayList<>(queries.size());
		for (QueryInfo query : queries) {
			statements.add(query.getQuery());
		}
		return this.monitor.shapes().shapeOf(statements);
	}

	private static final class Observation {

		private static final AtomicIntegerFieldUpdater<Observation> FINISHED = AtomicIntegerFieldUpdater
			.newUpdater(Observation.class, "finished");

		private final QueryShape shape;

		private final @Nullable QueryScope scope;

		private final boolean countsUpdatedRows;

		private volatile boolean failed;

		// 0, then 1 once afterQuery counted it: a field updater rather than an AtomicBoolean per execution.
		private volatile int finished;

		// Result signals are serialized by the reactive-streams contract; volatile for the afterQuery thread.
		private volatile long rows;

		Observation(QueryShape shape, @Nullable QueryScope scope) {
			this.shape = shape;
			this.scope = scope;
			this.countsUpdatedRows = shape.countsUpdatedRows();
		}

		/** r2dbc-proxy may call afterQuery twice for one execution (error, then cancel): count it once. */
		boolean finish() {
			return FINISHED.compareAndSet(this, 0, 1);
		}

		void result(@Nullable Object mapped) {
			if (this.countsUpdatedRows && mapped instanceof Number updated) {
				this.rows += updated.longValue();
			}
			else if (mapped != null) {
				this.rows++;
			}
		}

	}

}
