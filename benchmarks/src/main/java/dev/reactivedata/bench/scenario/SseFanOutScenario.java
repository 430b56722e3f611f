package dev.reactivedata.bench.scenario;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.ProcessCpu;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.bench.harness.Sample;
import dev.reactivedata.bench.harness.Settings;
import dev.reactivedata.bench.harness.Side;
import dev.reactivedata.monitoring.alert.AlertEvaluator;
import dev.reactivedata.monitoring.alert.AlertThresholds;
import dev.reactivedata.monitoring.pool.PoolStatistics;
import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.query.QueryMonitorOptions;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import dev.reactivedata.monitoring.stream.EncodedSnapshots;
import dev.reactivedata.monitoring.stream.MetricsStream;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ReactiveHttpOutputMessage;

/**
 * SSE fan-out: the process CPU that the demo's snapshot events cost per tick with 1,000 subscribers against 1
 * subscriber. Each subscriber is what {@code GET /api/metrics/stream} runs for one client up to the socket: the
 * {@code snapshot} events of {@link MetricsStream}, each tick's frame encoded once ({@link EncodedSnapshots}) and
 * written by every subscriber as the endpoint writes it (its own buffer wrapping the bytes, made by the response's
 * Netty buffer factory as on Reactor Netty) into a response body that counts and releases the bytes (no network).
 * Reported as ticks per CPU second (higher is better), so the ratio is (CPU per tick with 1) ÷ (CPU per tick with
 * 1,000): near 1 means the work of a tick is done once and shared.
 * Process CPU time ({@link ProcessCpu}) includes the harness's idle background threads, the same on both sides,
 * and leaves out the JIT's compiler threads (reported apart): code still becoming hot after the warm-up is compiled
 * in bursts that can double a trial of a few tens of milliseconds of CPU, on either side.
 */
final class SseFanOutScenario implements Scenario {

	static final String UNIT = "ticks/CPU-s";

	private static final Duration SETTLE = Duration.ofSeconds(1);

	/** Long enough at {@link #TICK_COMPILATION_INTERVAL} for C2 to compile the tick (about 10,000 calls). */
	private static final Duration TICK_COMPILATION = Duration.ofSeconds(20);

	private static final Duration TICK_COMPILATION_INTERVAL = Duration.ofMillis(1);

	private static final String CPU_PER_TICK = "CPU µs per tick";

	@Override
	public String id() {
		return "sse-fan-out";
	}

	@Override
	public List<Row> run(BenchContext context) throws Exception {
		BenchFixture fixture = context.fixture();
		MetricsStream stream = new MetricsStream(PoolStatistics.of(fixture.pool())
			.orElseThrow(() -> new IllegalStateException("the bench pool has no metrics")),
				QueryMonitor.create(QueryMonitorOptions.defaults()).statistics(), CacheStatisticsSource.NONE,
				new AlertEvaluator(AlertThresholds.defaults()));
		Duration interval = context.settings().sseInterval();
		JsonMapper jsonMapper = JsonMapper.builder().build();
		// What the demo's MetricsStreamController builds: the event's frame encoded once per tick, shared by its clients.
		EncodedSnapshots<byte[]> encoded = new EncodedSnapshots<>(stream,
				snapshot -> ("event:snapshot\ndata:" + jsonMapper.writeValueAsString(snapshot) + "\n\n")
					.getBytes(StandardCharsets.UTF_8));
		// As the endpoint writes them: one body of frames, each subscriber's buffer wrapping the shared bytes.
		BiFunction<Duration, ReactiveHttpOutputMessage, Flux<DataBuffer>> frames = (every, body) -> encoded
			.snapshots(every, body.bufferFactory()::wrap);
		compileTheTick(frames);
		int many = context.settings().sseSubscribers();
		String fanOut = String.format("%,d subscribers", many);
		Map<String, Measured> measured = context.trials(id())
			.trialsAtLeast(Settings.SSE_TRIAL)
			.load(fanOut, UNIT, subscribers(frames, interval, many))
			.load("1 subscriber", UNIT, subscribers(frames, interval, 1))
			.run();
		context.details().note("SSE fan-out: MetricsStream ticking every " + interval.toMillis() + " ms; each subscriber "
				+ "writes the snapshot events as the demo's stream endpoint does (EncodedSnapshots: each tick's event frame, "
				+ "its data the snapshot's JSON text, encoded to bytes once and shared by all subscribers; each subscriber "
				+ "gets its own buffer wrapping the bytes, made as the tick reaches it by the response's own Netty buffer "
				+ "factory, as Reactor Netty's responses have) into a body that counts and "
				+ "releases the bytes (no network: the per-subscriber socket write is not measured). A trial starts a second "
				+ "after its subscribers joined; before the first, the tick's own work (snapshot, alert evaluation, JSON) runs "
				+ TICK_COMPILATION.toSeconds() + " s at a " + TICK_COMPILATION_INTERVAL.toMillis() + " ms interval, "
				+ "so that the JIT has compiled it as it has the subscribers' path. Process CPU time "
				+ "summed over all threads from /proc/self/task/*/schedstat but the JIT's compiler threads (their time "
				+ "per tick is in the details).");
		List<Row> rows = new ArrayList<>();
		Scenarios.pair(rows, measured, "SSE fan-out: " + fanOut + " vs 1 on MetricsStream (CPU per tick, inverted)",
				fanOut, "1 subscriber");
		return rows;
	}

	/**
	 * Runs the tick's own work until the JIT has compiled it. At the measured interval a tick comes 100 times a
	 * second, so its snapshot and encoding would still be interpreted or compiled by C1 through the warm-up and
	 * be compiled during the trials: a fixed cost per tick that shrinks from trial to trial (and the ratio with
	 * it) by as much as the whole fan-out costs. The subscribers' path, taken a thousand times a tick, is hot
	 * within the first warm-up slice.
	 */
	private void compileTheTick(BiFunction<Duration, ReactiveHttpOutputMessage, Flux<DataBuffer>> snapshotFrames)
			throws Exception {
		Sample ticks = subscribers(snapshotFrames, TICK_COMPILATION_INTERVAL, 1).measure(TICK_COMPILATION);
		System.err.printf("[%s] the tick compiled: %,.0f ticks at %d ms (%.0f CPU µs per tick at the end)%n", id(),
				TICK_COMPILATION.toMillis() / (double) TICK_COMPILATION_INTERVAL.toMillis(),
				TICK_COMPILATION_INTERVAL.toMillis(), ticks.extras().get(CPU_PER_TICK));
	}

	private static Side subscribers(BiFunction<Duration, ReactiveHttpOutputMessage, Flux<DataBuffer>> snapshotFrames,
			Duration interval, int count) {
		return duration -> {
			AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
			List<CountingBody> bodies = new ArrayList<>(count);
			List<Disposable> subscriptions = new ArrayList<>(count);
			try {
				for (int i = 0; i < count; i++) {
					CountingBody body = new CountingBody();
					bodies.add(body);
					subscriptions.add(body.writeWith(snapshotFrames.apply(interval, body)).subscribe(null, failure::set));
				}
				// The subscribers' first second is not measured: their chains just allocated, the first collection
				// copying them; a trial measures the ticks that follow.
				pause(SETTLE);
				// Every subscriber gets every tick's event: the first one's events are the ticks.
				long ticksBefore = bodies.get(0).frames();
				long framesBefore = CountingBody.frames(bodies);
				long bytesBefore = CountingBody.bytes(bodies);
				ProcessCpu.Reading before = ProcessCpu.read();
				pause(duration);
				ProcessCpu.Reading after = ProcessCpu.read();
				long jitNanos = after.jitNanos() - before.jitNanos();
				double cpuSeconds = (after.nanos() - before.nanos() - jitNanos) / 1e9;
				long tickCount = bodies.get(0).frames() - ticksBefore;
				Throwable error = failure.get();
				if (error != null) {
					throw new IllegalStateException("a subscriber failed: " + error, error);
				}
				if (tickCount == 0) {
					throw new IllegalStateException("no ticks in " + duration.toMillis() + " ms");
				}
				if (cpuSeconds <= 0) {
					throw new IllegalStateException("no CPU time measured over " + tickCount + " ticks");
				}
				return Sample.of(tickCount / cpuSeconds)
					.with(CPU_PER_TICK, cpuSeconds * 1e6 / tickCount)
					.with("JIT µs per tick (left out)", jitNanos / 1e3 / tickCount)
					.with("events per tick", (double) (CountingBody.frames(bodies) - framesBefore) / tickCount)
					.with("bytes per event",
							(double) (CountingBody.bytes(bodies) - bytesBefore) / (CountingBody.frames(bodies) - framesBefore));
			}
			finally {
				subscriptions.forEach(Disposable::dispose);
			}
		};
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/**
	 * The body of one subscriber's response: counts the events (each frame is one buffer) and their bytes, and
	 * releases the buffers as a socket write would. Only the tick's thread writes the counts, so they are plain
	 * ordered stores, not an atomic read-modify-write per buffer.
	 */
	private static final class CountingBody implements ReactiveHttpOutputMessage {

		private static final AtomicLongFieldUpdater<CountingBody> FRAMES = AtomicLongFieldUpdater
			.newUpdater(CountingBody.class, "frames");

		private static final AtomicLongFieldUpdater<CountingBody> BYTES = AtomicLongFieldUpdater
			.newUpdater(CountingBody.class, "bytes");

		private final HttpHeaders headers = new HttpHeaders();

		/**
		 * What a response on Reactor Netty, the demo's server, has: one per response (Spring's
		 * {@code ReactorHttpHandlerAdapter}). Spring's {@code DefaultDataBufferFactory}, which servlet containers'
		 * responses use, boxes both positions into a varargs array for its bounds checks on every {@code wrap}:
		 * about half of each subscriber's cost per tick in a profile, a cost the demo's endpoint does not pay.
		 */
		private final DataBufferFactory buffers = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

		private volatile long frames;

		private volatile long bytes;

		static long frames(List<CountingBody> bodies) {
			return bodies.stream().mapToLong(CountingBody::frames).sum();
		}

		static long bytes(List<CountingBody> bodies) {
			return bodies.stream().mapToLong(body -> body.bytes).sum();
		}

		long frames() {
			return this.frames;
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public DataBufferFactory bufferFactory() {
			return this.buffers;
		}

		@Override
		public void beforeCommit(Supplier<? extends Mono<Void>> action) {
		}

		@Override
		public boolean isCommitted() {
			return false;
		}

		/**
		 * Consumes the body as a server's send subscriber does, each buffer as it comes: no operator between the
		 * body and the count ({@code doOnNext(..).then()} would look a discard hook up in the subscriber's context
		 * for each buffer, a cost of the harness's stand-in for the socket, not of the stream).
		 */
		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			return Mono.create(sink -> {
				BaseSubscriber<DataBuffer> writer = new BaseSubscriber<>() {

					@Override
					protected void hookOnNext(DataBuffer buffer) {
						written(buffer);
					}

					@Override
					protected void hookOnComplete() {
						sink.success();
					}

					@Override
					protected void hookOnError(Throwable error) {
						sink.error(error);
					}

				};
				sink.onCancel(writer);
				body.subscribe(writer);
			});
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return writeWith(Flux.from(body).concatMap(Flux::from));
		}

		@Override
		public Mono<Void> setComplete() {
			return Mono.empty();
		}

		private void written(DataBuffer buffer) {
			BYTES.lazySet(this, this.bytes + buffer.readableByteCount());
			DataBufferUtils.release(buffer);
			FRAMES.lazySet(this, this.frames + 1);
		}

	}

}
