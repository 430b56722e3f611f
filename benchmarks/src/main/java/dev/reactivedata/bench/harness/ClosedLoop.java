package dev.reactivedata.bench.harness;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Closed-loop load inside the harness JVM: {@code concurrency} workers each run the operation, wait for it to
 * complete, and run it again until the duration is over. Latency of every operation goes into an HdrHistogram
 * (microsecond resolution). A failed operation is counted (reported as the {@code errors} extra) and the loop
 * goes on; a trial in which every operation failed fails with the last error.
 */
public final class ClosedLoop {

	private ClosedLoop() {
	}

	/**
	 * Applies the load and blocks the calling (harness) thread until it is over.
	 * @param concurrency the number of workers
	 * @param duration how long to keep starting operations
	 * @param operation creates one cold operation per call
	 * @return operations per second, p50/p99 latency and the error count
	 */
	public static Sample run(int concurrency, Duration duration, Supplier<? extends Publisher<?>> operation) {
		Objects.requireNonNull(operation, "operation must not be null");
		Recorder recorder = new Recorder(3);
		LongAdder completed = new LongAdder();
		LongAdder errors = new LongAdder();
		AtomicReference<@Nullable Throwable> lastError = new AtomicReference<>();
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		Mono<Void> one = Mono.defer(() -> {
			long began = System.nanoTime();
			return Flux.from(operation.get()).then().doOnSuccess(done -> {
				recorder.recordValue(Math.max(1, (System.nanoTime() - began) / 1_000));
				completed.increment();
			}).onErrorResume(error -> {
				// Counted and reported with the trial, never silent.
				errors.increment();
				lastError.set(error);
				return Mono.empty();
			});
		});
		Flux.range(0, concurrency)
			.flatMap(worker -> one.repeat(() -> System.nanoTime() < deadline), concurrency)
			.blockLast(duration.plusSeconds(120));
		double seconds = (System.nanoTime() - start) / 1e9;
		Throwable error = lastError.get();
		if (completed.sum() == 0 && error != null) {
			// The report prints this message alone: name the driver's error too, which says what the database refused.
			throw new IllegalStateException("every operation failed: " + error
					+ ((error.getCause() != null) ? ", caused by " + error.getCause() : ""), error);
		}
		Histogram histogram = recorder.getIntervalHistogram();
		return new Sample(completed.sum() / seconds, histogram.getValueAtPercentile(50) / 1000.0,
				histogram.getValueAtPercentile(99) / 1000.0, Map.of("errors", (double) errors.sum()));
	}

}
