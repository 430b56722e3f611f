package dev.reactivedata.core.pool;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A publisher of one statement execution under a {@link StatementDeadline}: its results (wrapped so that their
 * consumption is watched too) or the rows and row counts of a result. Rows disarm the deadline, as do the end and
 * the cancellation of the consumption; a failure after the deadline fired becomes a
 * {@link StatementTimeoutException}. One subscriber object per subscription, no other operator.
 *
 * @param <T> the item type
 */
final class DeadlinedPublisher<T> extends Flux<T> {

	private final Publisher<T> source;

	private final StatementDeadline deadline;

	private final @Nullable Function<T, T> results;

	private DeadlinedPublisher(Publisher<T> source, StatementDeadline deadline, @Nullable Function<T, T> results) {
		this.source = source;
		this.deadline = deadline;
		this.results = results;
	}

	/** Watches the results of an execution; they are wrapped by {@code wrapper}, and do not disarm. */
	static <T> Flux<T> results(Publisher<T> source, StatementDeadline deadline, Function<T, T> wrapper) {
		return new DeadlinedPublisher<>(source, deadline, wrapper);
	}

	/** Watches the consumption of a result: its first item disarms. */
	static <T> Flux<T> consumption(Publisher<T> source, StatementDeadline deadline) {
		return new DeadlinedPublisher<>(source, deadline, null);
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.source.subscribe(new DeadlineSubscriber<>(actual, this.deadline, this.results));
	}

	private static final class DeadlineSubscriber<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final StatementDeadline deadline;

		private final @Nullable Function<T, T> results;

		private @Nullable Subscription upstream;

		DeadlineSubscriber(CoreSubscriber<? super T> actual, StatementDeadline deadline,
				@Nullable Function<T, T> results) {
			this.actual = actual;
			this.deadline = deadline;
			this.results = results;
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
			if (this.results != null) {
				this.actual.onNext(this.results.apply(item));
				return;
			}
			this.deadline.disarm();
			this.actual.onNext(item);
		}

		@Override
		public void onError(Throwable error) {
			Throwable translated = this.deadline.translate(error);
			this.deadline.disarm();
			this.actual.onError(translated);
		}

		@Override
		public void onComplete() {
			if (this.results == null) {
				this.deadline.disarm();
			}
			this.actual.onComplete();
		}

		@Override
		public void request(long n) {
			upstream().request(n);
		}

		@Override
		public void cancel() {
			this.deadline.disarm();
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
