package dev.reactivedata.monitoring.proxy;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The publisher of a fast-path {@code Result.map}, {@code flatMap} or {@code getRowsUpdated}: reports each
 * item as a query result and, when the result is consumed (completed, failed or cancelled), lets the
 * execution fire {@code afterQuery} if it was the last one.
 *
 * @param <T> the item type
 */
final class ObservedConsumption<T> extends Flux<T> {

	private final Publisher<T> source;

	private final QueryCallbacks callbacks;

	ObservedConsumption(Publisher<T> source, QueryCallbacks callbacks) {
		this.source = source;
		this.callbacks = callbacks;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.source.subscribe(new ConsumptionSubscriber<>(actual, this.callbacks));
	}

	private static final class ConsumptionSubscriber<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final QueryCallbacks callbacks;

		private @Nullable Subscription upstream;

		// Items of one result are signalled serially (Reactive Streams rule 1.3).
		private int count;

		ConsumptionSubscriber(CoreSubscriber<? super T> actual, QueryCallbacks callbacks) {
			this.actual = actual;
			this.callbacks = callbacks;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.actual.onSubscribe(this);
			}
		}

		@Override
		public void onNext(T item) {
			this.callbacks.eachQueryResult(++this.count, item, null, currentContext());
			this.actual.onNext(item);
		}

		@Override
		public void onError(Throwable error) {
			this.callbacks.eachQueryResult(++this.count, null, error, currentContext());
			consumed();
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			consumed();
			this.actual.onComplete();
		}

		@Override
		public void request(long n) {
			upstream().request(n);
		}

		@Override
		public void cancel() {
			consumed();
			upstream().cancel();
		}

		private void consumed() {
			this.callbacks.results.incrementConsumedCount();
			this.callbacks.afterQueryIfFinished(currentContext());
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
