package dev.reactivedata.monitoring.stream;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * The snapshots of a {@link MetricsStream} in the form subscribers send them, for example a server-sent event
 * whose data is the snapshot's JSON text: each snapshot is encoded once per tick and the encoded form is shared
 * by every subscriber of the same interval, so a thousand subscribers cost one encoding per tick, not a thousand.
 * A subscriber without demand when a tick comes skips that tick's snapshot and gets the next one: never a backlog,
 * and no per-subscriber buffer to keep (the snapshot of a missed tick is stale by the next).
 *
 * @param <T> the encoded form
 */
public final class EncodedSnapshots<T> {

	private final MetricsStream stream;

	private final Function<? super DataLayerSnapshot, ? extends T> encoder;

	private final Map<Duration, Listeners<T>> listeners = new ConcurrentHashMap<>();

	/**
	 * Creates the encoded view of a stream.
	 * @param stream the snapshots to encode
	 * @param encoder turns a snapshot into what is sent; called once per tick and interval, on the tick's thread,
	 * so it must not block; an error it throws ends the sequence of every subscriber of that interval
	 */
	public EncodedSnapshots(MetricsStream stream, Function<? super DataLayerSnapshot, ? extends T> encoder) {
		this.stream = Objects.requireNonNull(stream, "stream must not be null");
		this.encoder = Objects.requireNonNull(encoder, "encoder must not be null");
	}

	/**
	 * Emits the encoded snapshots of {@code interval}, never completing (see
	 * {@link MetricsStream#snapshots(Duration)}). Subscribers of the same interval share the encoding; ticks that
	 * come while a subscriber has no demand are dropped for it.
	 * @param interval time between snapshots
	 * @return the shared encoded sequence; it fails with the encoder's error
	 * @throws IllegalArgumentException when {@code interval} is not positive
	 */
	public Flux<T> snapshots(Duration interval) {
		return snapshots(interval, Function.identity());
	}

	/**
	 * Emits, to each subscriber, its own copy of the encoded snapshots of {@code interval}: for a form that its
	 * writer consumes, such as a buffer whose read position a response advances. The copy is made as the tick is
	 * handed to the subscriber, which costs a subscriber less than a {@code map} after {@link #snapshots(Duration)}
	 * (an operator on the path of each of a thousand subscribers on every tick).
	 * @param interval time between snapshots
	 * @param copy makes the subscriber's copy of a tick's encoded snapshot, on the tick's thread; an error it
	 * throws ends that subscriber's sequence only
	 * @param <R> the form of the copy
	 * @return the shared encoded sequence, copied per subscriber; it fails with the encoder's error
	 * @throws IllegalArgumentException when {@code interval} is not positive
	 */
	public <R> Flux<R> snapshots(Duration interval, Function<? super T, ? extends R> copy) {
		Objects.requireNonNull(copy, "copy must not be null");
		Flux<DataLayerSnapshot> snapshots = this.stream.snapshots(interval);
		Listeners<T> shared = this.listeners.computeIfAbsent(interval,
				ignored -> new Listeners<>(snapshots.map(this.encoder)));
		return Flux.<R>from(subscriber -> shared.subscribe(subscriber, copy));
	}

	/**
	 * The listeners of one interval's encoded snapshots, which are subscribed to while anyone listens. Each tick
	 * is one pass over the listeners, skipping those without demand: no sink, drop operator or {@code map} between
	 * the tick and a listener's subscriber, whose cost 1,000 listeners would pay on every tick.
	 */
	private static final class Listeners<T> {

		private final Flux<? extends T> encoded;

		private @Nullable Round<T> round;

		Listeners(Flux<? extends T> encoded) {
			this.encoded = encoded;
		}

		private <R> void subscribe(Subscriber<? super R> subscriber, Function<? super T, ? extends R> copy) {
			Listener<T, R> listener = new Listener<>(this, subscriber, copy);
			subscriber.onSubscribe(listener);
			join(listener);
		}

		/** Joins the listeners first, then starts the ticks, so the listener gets the first tick's snapshot. */
		private synchronized void join(Listener<T, ?> listener) {
			if (listener.cancelled) {
				return;
			}
			Round<T> joined = this.round;
			if (joined != null) {
				joined.add(listener);
				return;
			}
			joined = new Round<>(this);
			this.round = joined;
			joined.add(listener);
			Disposable connection = this.encoded.subscribe(joined::next, joined::fail, joined::complete);
			// The first tick may have gone to listeners that left at once, or failed them all.
			if (this.round == joined) {
				joined.upstream = connection;
			}
			else {
				connection.dispose();
			}
		}

		private synchronized void leave(Listener<T, ?> listener) {
			Round<T> current = this.round;
			if (current != null && current.remove(listener) && current.listeners.length == 0) {
				this.round = null;
				if (current.upstream != null) {
					current.upstream.dispose();
				}
			}
		}

		/** Ends a round: the next listener starts the ticks afresh. */
		private synchronized Listener<T, ?>[] end(Round<T> ended) {
			if (this.round == ended) {
				this.round = null;
			}
			Listener<T, ?>[] listeners = ended.listeners;
			ended.listeners = Round.none();
			return listeners;
		}

	}

	/**
	 * The listeners of one subscription to an interval's ticks, from its first listener until its last leaves: a
	 * tick of an ended round still on its way reaches none of the next round's listeners.
	 */
	private static final class Round<T> {

		private static final Listener<?, ?>[] NONE = new Listener<?, ?>[0];

		private final Listeners<T> owner;

		private volatile Listener<T, ?>[] listeners = none();

		private @Nullable Disposable upstream;

		Round(Listeners<T> owner) {
			this.owner = owner;
		}

		private void add(Listener<T, ?> listener) {
			Listener<T, ?>[] joined = Arrays.copyOf(this.listeners, this.listeners.length + 1);
			joined[joined.length - 1] = listener;
			this.listeners = joined;
		}

		private boolean remove(Listener<T, ?> listener) {
			Listener<T, ?>[] current = this.listeners;
			int index = Arrays.asList(current).indexOf(listener);
			if (index < 0) {
				return false;
			}
			Listener<T, ?>[] left = none();
			if (current.length > 1) {
				left = Arrays.copyOf(current, current.length - 1);
				System.arraycopy(current, index + 1, left, index, current.length - index - 1);
			}
			this.listeners = left;
			return true;
		}

		private void next(T encoded) {
			for (Listener<T, ?> listener : this.listeners) {
				listener.next(encoded);
			}
		}

		private void fail(Throwable error) {
			for (Listener<T, ?> listener : this.owner.end(this)) {
				if (!listener.cancelled) {
					listener.subscriber.onError(error);
				}
			}
		}

		private void complete() {
			for (Listener<T, ?> listener : this.owner.end(this)) {
				if (!listener.cancelled) {
					listener.subscriber.onComplete();
				}
			}
		}

		@SuppressWarnings("unchecked")
		private static <T> Listener<T, ?>[] none() {
			return (Listener<T, ?>[]) NONE;
		}

	}

	/** One subscriber of an interval's encoded snapshots: its demand and its copy of each tick. */
	private static final class Listener<T, R> implements Subscription {

		@SuppressWarnings("rawtypes")
		private static final AtomicLongFieldUpdater<Listener> REQUESTED = AtomicLongFieldUpdater
			.newUpdater(Listener.class, "requested");

		private final Listeners<T> listeners;

		private final Subscriber<? super R> subscriber;

		private final Function<? super T, ? extends R> copy;

		private volatile long requested;

		private volatile boolean cancelled;

		Listener(Listeners<T> listeners, Subscriber<? super R> subscriber, Function<? super T, ? extends R> copy) {
			this.listeners = listeners;
			this.subscriber = subscriber;
			this.copy = copy;
		}

		void next(T encoded) {
			if (this.requested == 0 || this.cancelled) {
				return;
			}
			R value;
			try {
				value = Objects.requireNonNull(this.copy.apply(encoded), "copy returned null");
			}
			catch (RuntimeException ex) {
				cancel();
				this.subscriber.onError(ex);
				return;
			}
			this.subscriber.onNext(value);
			if (this.requested != Long.MAX_VALUE) {
				REQUESTED.decrementAndGet(this);
			}
		}

		@Override
		public void request(long n) {
			if (Operators.validate(n)) {
				Operators.addCap(REQUESTED, this, n);
			}
		}

		@Override
		public void cancel() {
			if (!this.cancelled) {
				this.cancelled = true;
				this.listeners.leave(this);
			}
		}

	}

}
