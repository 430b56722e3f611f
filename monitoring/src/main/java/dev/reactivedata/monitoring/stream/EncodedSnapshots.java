package dev.reactivedata.monitoring.stream;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import reactor.core.publisher.Flux;

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
		return this.streams
			.computeIfAbsent(interval, ignored -> snapshots.<T>map(this.encoder).publish().refCount())
			.onBackpressureDrop();
	}

}
