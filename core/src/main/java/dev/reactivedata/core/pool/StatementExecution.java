package dev.reactivedata.core.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.reactivedata.core.internal.StatementGate;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Wrapped;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The results of one statement execution of a {@link TrackedConnection}, watched by its
 * {@link StatementDeadline} (when there is a timeout) and released when their subscriber goes away.
 * <p>
 * The driver hands out each result as a window of the connection's messages; a result that nobody consumes
 * keeps its {@code DataRow}s (and their Netty buffers) forever, which happens whenever a subscriber cancels
 * after a result was emitted and before it was consumed. So a cancellation is not passed on: the results
 * already emitted and not consumed, and those that still arrive, are drained here (rows released, the
 * conversation read to its end, as the driver itself does after a cancellation). The result being handed over as
 * the subscriber cancels is left to it: {@code Mono.from(statement.execute())} cancels, then passes its result on.
 * <p>
 * The connection knows the execution is under way from its subscription until the end of its conversation and of
 * each result's reading, so that it goes back to the pool only once the server has answered (see
 * {@link TrackedConnection}). A result whose subscriber cancels outside a transaction is read on for a short while,
 * then its connection discarded ({@link UnreadRows}): outside a transaction the driver streams the whole result.
 */
final class StatementExecution extends Flux<Result> {

	private static final Log logger = LogFactory.getLog(GuardedConnectionPool.class);

	private final Publisher<? extends Result> source;

	private final @Nullable StatementDeadline deadline;

	private final @Nullable StatementGate gate;

	private final TrackedConnection connection;

	/**
	 * @param gate the gate of the statement's unit of work, already entered: left once the driver has the statement
	 * @param connection the connection the statement runs on
	 */
	StatementExecution(Publisher<? extends Result> source, @Nullable StatementDeadline deadline,
			@Nullable StatementGate gate, TrackedConnection connection) {
		this.source = source;
		this.deadline = deadline;
		this.gate = gate;
		this.connection = connection;
	}

	/**
	 * Sends a statement or batch of {@code connection} as it is subscribed: not at all for a cancelled unit of work
	 * ({@link StatementGate}), else bounded by the statement timeout of the subscriber's context or of the pool (see
	 * {@link StatementTimeout}), its results watched.
	 * @param execute the driver's {@code execute()} of the statement or batch
	 */
	static Flux<Result> of(Supplier<? extends Publisher<? extends Result>> execute, TrackedConnection connection) {
		return Flux.deferContextual(context -> {
			StatementGate gate = StatementGate.of(context);
			if (gate != null && !gate.enter()) {
				return Flux.error(new CancellationException("Not sent: the statement's unit of work was cancelled"));
			}
			Duration timeout = connection.statementTimeout(context);
			StatementDeadline deadline = timeout.isZero() ? null : new StatementDeadline(connection, timeout);
			return new StatementExecution(execute.get(), deadline, gate, connection);
		});
	}

	@Override
	public void subscribe(CoreSubscriber<? super Result> actual) {
		ResultsSubscriber results = new ResultsSubscriber(actual, this.deadline, this.connection);
		this.connection.statementSent();
		try {
			// The driver sends the statement as the execution is subscribed.
			this.source.subscribe(results);
		}
		catch (RuntimeException | Error error) {
			results.answered();
			throw error;
		}
		finally {
			if (this.gate != null) {
				this.gate.exit();
			}
		}
	}

	private static final class ResultsSubscriber implements CoreSubscriber<Result>, Subscription {

		private final CoreSubscriber<? super Result> actual;

		private final @Nullable StatementDeadline deadline;

		private final TrackedConnection connection;

		private final AtomicBoolean answered = new AtomicBoolean();

		/** The execution itself and each result it emitted, until that result is read to its end. */
		private final AtomicInteger open = new AtomicInteger(1);

		private final List<WatchedResult> emitted = new ArrayList<>(1);

		private volatile boolean cancelled;

		/**
		 * The result being handed to the subscriber: a cancellation that comes from the subscriber as it receives it
		 * ({@code Mono.from(statement.execute())} cancels before passing its first item on) leaves it to whoever
		 * takes it next; it is drained only if nobody did by the time the hand-over returns.
		 */
		private volatile @Nullable WatchedResult handingOver;

		private @Nullable Subscription upstream;

		ResultsSubscriber(CoreSubscriber<? super Result> actual, @Nullable StatementDeadline deadline,
				TrackedConnection connection) {
			this.actual = actual;
			this.deadline = deadline;
			this.connection = connection;
		}

		/** The conversation ended: the connection no longer waits for it. */
		void answered() {
			if (this.answered.compareAndSet(false, true)) {
				this.connection.statementAnswered();
			}
		}

		/** The execution, or one of its results, ended; the last of them ends the conversation. */
		private void closeOne() {
			if (this.open.decrementAndGet() == 0) {
				answered();
			}
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
		public void onNext(Result result) {
			this.open.incrementAndGet();
			WatchedResult watched = new WatchedResult(result, this.deadline, new Claim(this::closeOne), this.connection);
			if (this.cancelled) {
				watched.drain();
				return;
			}
			synchronized (this.emitted) {
				this.emitted.add(watched);
			}
			this.handingOver = watched;
			this.actual.onNext(watched);
			this.handingOver = null;
			if (this.cancelled) {
				// Cancelled while this one was handed over: unless the subscriber took it already, nobody will.
				watched.drain();
			}
		}

		@Override
		public void onError(Throwable error) {
			closeOne();
			this.connection.failed(error);
			if (this.cancelled) {
				logger.debug("A cancelled statement ended with an error", error);
				return;
			}
			Throwable translated = (this.deadline != null) ? this.deadline.translate(error) : error;
			if (this.deadline != null) {
				this.deadline.disarm();
			}
			this.actual.onError(translated);
		}

		@Override
		public void onComplete() {
			closeOne();
			if (!this.cancelled) {
				this.actual.onComplete();
			}
		}

		@Override
		public void request(long n) {
			upstream().request(n);
		}

		@Override
		public void cancel() {
			if (this.cancelled) {
				return;
			}
			this.cancelled = true;
			if (this.deadline != null) {
				this.deadline.disarm();
			}
			List<WatchedResult> results;
			synchronized (this.emitted) {
				results = List.copyOf(this.emitted);
			}
			// Read after cancelled was set: a hand-over that ends meanwhile sees the cancellation and drains its result.
			WatchedResult passing = this.handingOver;
			results.stream().filter(result -> result != passing).forEach(WatchedResult::drain);
			upstream().request(Long.MAX_VALUE);
		}

		private Subscription upstream() {
			Subscription subscription = this.upstream;
			if (subscription == null) {
				throw new IllegalStateException("request or cancel before onSubscribe");
			}
			return subscription;
		}

	}

	/**
	 * Who consumes a result: its subscriber, or the drain once that subscriber is gone; never both. Whichever it is
	 * tells once it has read the result to its end, or given up on it.
	 */
	private static final class Claim {

		private final AtomicBoolean taken = new AtomicBoolean();

		private final AtomicBoolean read = new AtomicBoolean();

		private final Runnable onRead;

		Claim(Runnable onRead) {
			this.onRead = onRead;
		}

		boolean take() {
			return !this.taken.get() && this.taken.compareAndSet(false, true);
		}

		void read() {
			if (this.read.compareAndSet(false, true)) {
				this.onRead.run();
			}
		}

	}

	/** A result whose consumption disarms (first row or count) or trips (timeout) its statement's deadline. */
	private record WatchedResult(Result delegate, @Nullable StatementDeadline deadline, Claim claim,
			TrackedConnection connection) implements Result, Wrapped<Result> {

		@Override
		public Publisher<Long> getRowsUpdated() {
			return new Consumption<>(this.delegate.getRowsUpdated(), this.deadline, this.claim, this.connection);
		}

		@Override
		public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
			return new Consumption<>(this.delegate.map(mapping), this.deadline, this.claim, this.connection);
		}

		@Override
		public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
			return new Consumption<>(this.delegate.map(mapping), this.deadline, this.claim, this.connection);
		}

		@Override
		public Result filter(Predicate<Segment> filter) {
			return new WatchedResult(this.delegate.filter(filter), this.deadline, this.claim, this.connection);
		}

		@Override
		public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
			return new Consumption<>(this.delegate.flatMap(mapping), this.deadline, this.claim, this.connection);
		}

		@Override
		public Result unwrap() {
			return this.delegate;
		}

		/** Nobody is left to read the result: its rest is read as a cancelled reader's is (bounded outside a transaction). */
		void drain() {
			if (this.claim.take()) {
				this.delegate.map(Function.identity())
					.subscribe(new ConsumptionSubscriber<>(GoneReader.INSTANCE, this.deadline, this.connection, this.claim));
			}
		}

	}

	/** Stands in for the reader of a result that nobody will read: cancels at once, before any row. */
	private enum GoneReader implements CoreSubscriber<Object> {

		INSTANCE;

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.cancel();
		}

		@Override
		public void onNext(Object item) {
		}

		@Override
		public void onError(Throwable error) {
		}

		@Override
		public void onComplete() {
		}

	}

	/**
	 * The consumption of one result: its first item disarms the deadline; a failure after it fired is a timeout;
	 * a failure is reported to the connection.
	 */
	private static final class Consumption<T> extends Flux<T> {

		private final Publisher<T> source;

		private final @Nullable StatementDeadline deadline;

		private final Claim claim;

		private final TrackedConnection connection;

		Consumption(Publisher<T> source, @Nullable StatementDeadline deadline, Claim claim, TrackedConnection connection) {
			this.source = source;
			this.deadline = deadline;
			this.claim = claim;
			this.connection = connection;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			if (!this.claim.take()) {
				Operators.error(actual, new IllegalStateException(
						"The result was released after its statement's subscriber cancelled, or consumed already"));
				return;
			}
			this.source.subscribe(new ConsumptionSubscriber<>(actual, this.deadline, this.connection, this.claim));
		}

	}

	private static final class ConsumptionSubscriber<T> implements CoreSubscriber<T>, Subscription {

		private static final Object ENDED = new Object();

		private final CoreSubscriber<? super T> actual;

		private final @Nullable StatementDeadline deadline;

		private final TrackedConnection connection;

		private final Claim claim;

		private @Nullable Subscription upstream;

		/**
		 * {@code null} while the result runs, then set once by the first of its end ({@link #ENDED}) and its
		 * cancellation ({@link #ENDED}, or the {@link UnreadRows} being read).
		 */
		private final AtomicReference<@Nullable Object> ending = new AtomicReference<>();

		ConsumptionSubscriber(CoreSubscriber<? super T> actual, @Nullable StatementDeadline deadline,
				TrackedConnection connection, Claim claim) {
			this.actual = actual;
			this.deadline = deadline;
			this.connection = connection;
			this.claim = claim;
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
			Object ended = this.ending.get();
			if (ended != null) {
				if (ended instanceof UnreadRows rest) {
					rest.row();
				}
				return;
			}
			disarm();
			this.actual.onNext(item);
		}

		@Override
		public void onError(Throwable error) {
			if (!this.ending.compareAndSet(null, ENDED)) {
				endUnread();
				return;
			}
			this.claim.read();
			this.connection.failed(error);
			StatementDeadline watched = this.deadline;
			Throwable translated = (watched != null) ? watched.translate(error) : error;
			disarm();
			this.actual.onError(translated);
		}

		@Override
		public void onComplete() {
			if (!this.ending.compareAndSet(null, ENDED)) {
				endUnread();
				return;
			}
			this.claim.read();
			disarm();
			this.actual.onComplete();
		}

		@Override
		public void request(long n) {
			upstream().request(n);
		}

		/**
		 * Outside a transaction the rest of the result is read here, for at most {@link UnreadRows#LIMIT}; inside one
		 * the cancellation goes to the driver, which reads the rest itself.
		 */
		@Override
		public void cancel() {
			disarm();
			if (this.ending.get() != null) {
				return;
			}
			UnreadRows rest = UnreadRows.after(this.connection, this.claim::read);
			if (rest == null) {
				if (this.ending.compareAndSet(null, ENDED)) {
					upstream().cancel();
					this.claim.read();
				}
				return;
			}
			if (!this.ending.compareAndSet(null, rest)) {
				// The result ended meanwhile: nothing left to read.
				rest.end();
				return;
			}
			upstream().request(Long.MAX_VALUE);
		}

		private void endUnread() {
			if (this.ending.get() instanceof UnreadRows rest) {
				rest.end();
			}
		}

		private void disarm() {
			if (this.deadline != null) {
				this.deadline.disarm();
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

}
