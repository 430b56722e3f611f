package dev.reactivedata.monitoring.proxy;

import io.r2dbc.proxy.callback.QueriesExecutionContext;
import io.r2dbc.proxy.core.ProxyEventType;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The query callbacks of one fast-path execution, fired as r2dbc-proxy fires them: {@code beforeQuery} on
 * subscription to {@code execute()} with the subscriber's context in the value store, {@code eachQueryResult}
 * per mapped item, {@code afterQuery} once every produced result has been consumed (or cancelled). A listener
 * that throws does not break the query: the error is dropped as r2dbc-proxy drops it.
 */
final class QueryCallbacks {

	final Execution execution;

	final QueriesExecutionContext results;

	private final ProxyExecutionListener listener;

	QueryCallbacks(Execution execution, QueriesExecutionContext results, ProxyExecutionListener listener) {
		this.execution = execution;
		this.results = results;
		this.listener = listener;
	}

	void beforeQuery(Context context) {
		this.execution.event(ProxyEventType.BEFORE_QUERY);
		this.execution.currentMappedResult(null);
		this.execution.getValueStore().put(ContextView.class, context);
		this.results.startStopwatch();
		try {
			this.listener.beforeQuery(this.execution);
		}
		catch (RuntimeException ex) {
			Operators.onErrorDropped(ex, context);
		}
	}

	void eachQueryResult(int count, @Nullable Object mapped, @Nullable Throwable error, Context context) {
		this.execution.event(ProxyEventType.EACH_QUERY_RESULT);
		this.execution.currentResult(count, mapped);
		this.execution.throwable(error);
		this.execution.success(error == null);
		try {
			this.listener.eachQueryResult(this.execution);
		}
		catch (RuntimeException ex) {
			Operators.onErrorDropped(ex, context);
		}
	}

	/** Fires {@code afterQuery} when every result produced so far has been consumed and no more will come. */
	void afterQueryIfFinished(Context context) {
		if (!this.results.isQueryFinished()) {
			return;
		}
		this.execution.executeDuration(this.results.getElapsedDuration());
		this.execution.event(ProxyEventType.AFTER_QUERY);
		this.execution.currentMappedResult(null);
		try {
			this.listener.afterQuery(this.execution);
		}
		catch (RuntimeException ex) {
			Operators.onErrorDropped(ex, context);
		}
	}

}
