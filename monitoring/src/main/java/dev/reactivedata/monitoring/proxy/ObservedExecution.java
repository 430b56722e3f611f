package dev.reactivedata.monitoring.proxy;

import java.util.function.Function;

import io.r2dbc.spi.Result;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The publisher of a fast-path {@code Statement.execute()}: reports the execution to the listeners and hands
 * out wrapped results that report their consumption. A cold publisher: each subscription is one execution.
 */
final class ObservedExecution extends Flux<Result> {

	private final Publisher<? extends Result> source;

	private final QueryCallbacks callbacks;

	private final Function<Result, Result> wrapper;

	ObservedExecution(Publisher<? extends Result> source, QueryCallbacks callbacks, Function<Result, Result> wrapper) {
		this.source = source;
		this.callbacks = callbacks;
		this.wrapper = wrapper;
	}

	@Override
	public void subscribe(CoreSubscriber<? super Result> actual) {
		this.source.subscribe(new ExecutionSubscriber(actual, this.callbacks, this.wrapper));
	}

	private static final class ExecutionSubscriber implements CoreSubscriber<Result>, Subscription {

		private final CoreSubscriber<? super Result> actual;

		private final QueryCallbacks callbacks;

		private final Function<Result, Result> wrapper;

		private @Nullable Subscription upstream;

		private boolean resultProduced;

		ExecutionSubscriber(CoreSubscriber<? super Result> actual, QueryCallbacks callbacks,
				Function<Result, Result> wrapper) {
			this.actual = actual;
			this.callbacks = callbacks;
			this.wrapper = wrapper;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.callbacks.beforeQuery(currentContext());
				this.actual.onSubscribe(this);
			}
		}

		@Override
		public void onNext(Result result) {
			this.callbacks.results.incrementProducedCount();
			this.resultProduced = true;
			this.callbacks.execution.success(true);
			this.actual.onNext(this.wrapper.apply(result));
		}

		@Override
		public void onError(Throwable error) {
			this.callbacks.execution.throwable(error);
			this.callbacks.execution.success(false);
			this.callbacks.results.markAllProduced();
			this.callbacks.afterQueryIfFinished(currentContext());
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			this.callbacks.results.markAllProduced();
			if (this.callbacks.results.isQueryFinished()) {
				this.callbacks.execution.success(true);
			}
			this.callbacks.afterQueryIfFinished(currentContext());
			this.actual.onComplete();
		}

		@Override
		public void request(long n) {
			upstream().request(n);
		}

		@Override
		public void cancel() {
			this.callbacks.results.markAllProduced();
			if (this.resultProduced && this.callbacks.results.isQueryFinished()) {
				this.callbacks.execution.success(true);
			}
			this.callbacks.afterQueryIfFinished(currentContext());
			upstream().cancel();
		}

		private Subscription upstream() {
			Subscription subscription = this.upstream;
			if (subscription == null) {
				throw new IllegalStateException("request or cancel before onSubscribe");
			}
			return subscription;
		}

	}

}
