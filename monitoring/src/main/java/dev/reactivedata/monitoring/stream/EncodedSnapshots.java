package dev.reactivedata.monitoring.stream;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

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

	private final Map<Duration, Flux<T>> streams = new ConcurrentHashMap<>();

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
		Flux<DataLayerSnapshot> snapshots = this.stream.snapshots(interval);
		return this.streams.computeIfAbsent(interval, ignored -> new Shared<T>(snapshots.map(this.encoder)).subscribers());
	}

	/**
	 * One interval's encoded snapshots, subscribed to while anyone listens and handed to every listener by a
	 * best-effort multicast sink: one pass over the listeners per tick, skipping those without demand, with no
	 * per-listener queue or drop operator in between (what {@code publish().refCount().onBackpressureDrop()}
	 * would put on every listener's path, which 1,000 listeners pay on every tick).
	 */
	private static final class Shared<T> {

		private final Flux<? extends T> encoded;

		private Sinks.@Nullable Many<T> sink;

		private @Nullable Disposable upstream;

		private int subscribers;

		Shared(Flux<? extends T> encoded) {
			this.encoded = encoded;
		}

		Flux<T> subscribers() {
			return Flux.<T>from(this::subscribe).doFinally(signal -> leave());
		}

		/** Joins the listeners first, then starts the ticks, so the listener gets the first tick's snapshot. */
		private void subscribe(Subscriber<? super T> subscriber) {
			Sinks.Many<T> joined = join();
			joined.asFlux().subscribe(subscriber);
			connect(joined);
		}

		private synchronized Sinks.Many<T> join() {
			Sinks.Many<T> current = this.sink;
			if (current == null) {
				current = Sinks.many().multicast().directBestEffort();
				this.sink = current;
			}
			this.subscribers++;
			return current;
		}

		private synchronized void connect(Sinks.Many<T> joined) {
			if (this.sink != joined || this.upstream != null) {
				return;
			}
			Disposable connection = this.encoded.subscribe(joined::tryEmitNext, joined::tryEmitError);
			// The first tick may have gone to listeners that left at once: then nobody is left to stop it.
			if (this.sink == joined) {
				this.upstream = connection;
			}
			else {
				connection.dispose();
			}
		}

		private synchronized void leave() {
			if (--this.subscribers > 0) {
				return;
			}
			if (this.upstream != null) {
				this.upstream.dispose();
			}
			this.upstream = null;
			this.sink = null;
		}

	}

}
