package dev.reactivedata.core.tx;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.reactivedata.core.internal.StatementGate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Runs a unit of work in a transaction so that a subscriber's cancellation becomes a rollback that runs to its
 * end. Spring's {@link TransactionalOperator} rolls back when cancelled after the transaction began, but a
 * cancellation while it is beginning (the connection acquired, {@code BEGIN} not yet answered) reaches neither a
 * commit nor a rollback, and the connection is never given back: a storm of cancelled requests wedged the pool
 * that way. Here the cancellation is not passed on; the unit is interrupted instead, fails, and the transaction
 * rolls back and releases its connection as after any failure, whichever phase it was in. Values that arrive
 * after the cancellation are discarded.
 */
final class RollbackOnCancel {

	private static final Log logger = LogFactory.getLog(Transactions.class);

	private RollbackOnCancel() {
	}

	static <T> Mono<T> transactional(TransactionalOperator operator, Mono<T> unit) {
		return Mono.deferContextual(context -> {
			Interruption interruption = new Interruption(StatementGate.open(context));
			Mono<T> interruptible = unit.takeUntilOther(interruption.signal())
				.switchIfEmpty(Mono.defer(interruption::failIfInterrupted))
				.onErrorResume(interruption::afterSends)
				.contextWrite(interruption.gate()::attach);
			return new ShieldedMono<>(operator.transactional(interruptible), interruption);
		});
	}

	static <T> Flux<T> transactional(TransactionalOperator operator, Flux<T> unit) {
		return Flux.deferContextual(context -> {
			Interruption interruption = new Interruption(StatementGate.open(context));
			Flux<T> interruptible = unit.takeUntilOther(interruption.signal())
				.concatWith(Mono.defer(interruption::failIfInterrupted))
				.onErrorResume(interruption::afterSends)
				.contextWrite(interruption.gate()::attach);
			return new ShieldedFlux<>(operator.transactional(interruptible), interruption);
		});
	}

	/**
	 * Tells the unit of work that its subscriber is gone. Its statements are no longer sent from then on, and the
	 * failure that rolls it back waits until the ones already being sent have reached the driver, so that none
	 * follows the {@code ROLLBACK} and runs on its own.
	 */
	private static final class Interruption {

		private final AtomicBoolean interrupted = new AtomicBoolean();

		private final Sinks.One<Boolean> signal = Sinks.one();

		private final StatementGate gate;

		Interruption(StatementGate gate) {
			this.gate = gate;
		}

		StatementGate gate() {
			return this.gate;
		}

		Mono<Boolean> signal() {
			return this.signal.asMono();
		}

		void interrupt() {
			this.interrupted.set(true);
			this.gate.close();
			this.signal.tryEmitValue(Boolean.TRUE);
		}

		<T> Mono<T> failIfInterrupted() {
			return this.interrupted.get() ? Mono.error(new UnitOfWorkCancelled()) : Mono.empty();
		}

		<T> Mono<T> afterSends(Throwable error) {
			return this.interrupted.get() ? this.gate.drained().then(Mono.error(error)) : Mono.error(error);
		}

	}

	private static final class ShieldedMono<T> extends Mono<T> {

		private final Publisher<T> source;

		private final Interruption interruption;

		ShieldedMono(Publisher<T> source, Interruption interruption) {
			this.source = source;
			this.interruption = interruption;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.source.subscribe(new ShieldSubscriber<>(actual, this.interruption));
		}

	}

	private static final class ShieldedFlux<T> extends Flux<T> {

		private final Publisher<T> source;

		private final Interruption interruption;

		ShieldedFlux(Publisher<T> source, Interruption interruption) {
			this.source = source;
			this.interruption = interruption;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.source.subscribe(new ShieldSubscriber<>(actual, this.interruption));
		}

	}

	/** Passes everything on, except a cancellation: that interrupts the unit and drains what follows. */
	private static final class ShieldSubscriber<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final Interruption interruption;

		private final AtomicBoolean cancelled = new AtomicBoolean();

		private @Nullable Subscription upstream;

		ShieldSubscriber(CoreSubscriber<? super T> actual, Interruption interruption) {
			this.actual = actual;
			this.interruption = interruption;
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
		public void onNext(T value) {
			if (this.cancelled.get()) {
				Operators.onDiscard(value, currentContext());
				return;
			}
			this.actual.onNext(value);
		}

		@Override
		public void onError(Throwable error) {
			if (!this.cancelled.get()) {
				this.actual.onError(error);
			}
			else if (!(error instanceof UnitOfWorkCancelled)) {
				logger.debug("A unit of work whose subscriber cancelled ended with an error", error);
			}
		}

		@Override
		public void onComplete() {
			if (!this.cancelled.get()) {
				this.actual.onComplete();
			}
		}

		@Override
		public void request(long n) {
			upstream().request(n);
		}

		@Override
		public void cancel() {
			if (this.cancelled.compareAndSet(false, true)) {
				this.interruption.interrupt();
				upstream().request(Long.MAX_VALUE);
			}
		}

		private Subscription upstream() {
			Subscription subscription = this.upstream;
			if (subscription == null) {
				throw new IllegalStateException("request or cancel before onSubscribe");
			}
			return subscription;
		}

	}

	/** Fails an interrupted unit so that its transaction rolls back; never reaches a subscriber. */
	private static final class UnitOfWorkCancelled extends RuntimeException {

		UnitOfWorkCancelled() {
			super("The subscriber of the unit of work cancelled", null, false, false);
		}

	}

}
