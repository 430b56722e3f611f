package dev.reactivedata.bench.harness;

import java.time.Duration;
import java.util.Objects;

/**
 * The fixed load shape of one run: every scenario uses the same concurrency, warm-up, trial length and
 * number of trials, so ours and the baselines are measured under the same conditions.
 *
 * @param quick whether this is the short {@code --quick} run
 * @param concurrency concurrent clients (in-process workers, pgbench clients, redis-benchmark and wrk connections)
 * @param warmup the longest warm-up of a load side before its first trial (not measured); it ends earlier once
 * the side's throughput is stable (see {@link Trials})
 * @param duration length of one trial of a load side
 * @param trials number of trials per side; the table reports medians
 * @param articleRows articles loaded for the read and export scenarios
 * @param bulkRows rows written per trial by the bulk-insert sides that write in bulk
 * @param saveAllRows rows written per trial by the row-by-row side (its rate is extrapolated)
 * @param sseSubscribers subscribers of the fan-out side of the SSE scenario
 * @param sseInterval tick interval of the metrics stream in the SSE scenario
 */
public record Settings(boolean quick, int concurrency, Duration warmup, Duration duration, int trials, int articleRows,
		int bulkRows, int saveAllRows, int sseSubscribers, Duration sseInterval) {

	/**
	 * The shortest warm-up of an HTTP side: a freshly started server compiles for longer than a few steady slices
	 * show.
	 */
	public static final Duration HTTP_WARM_UP = Duration.ofSeconds(20);

	/**
	 * The longest warm-up of a side that loads a server JVM, spent only while that server's JIT is still busy (see
	 * {@link Trials#awaitServerJit}).
	 */
	public static final Duration SERVER_JIT_WARM_UP = Duration.ofSeconds(90);

	/**
	 * The shortest trial of a scenario with a side measured by an external tool ({@code wrk}, {@code pgbench},
	 * {@code redis-benchmark}): a 1 s run weighs the tool's own start and connection set-up (quick runs' 1 s trials
	 * put those sides 20-30 % off the full run's).
	 */
	public static final Duration TOOL_TRIAL = Duration.ofSeconds(3);

	/**
	 * The shortest trial of the SSE fan-out, which measures CPU per tick: a 1 s trial holds about 10 ms of CPU with
	 * one subscriber (100 ticks), which one young collection or one burst of compiled code moves by a third.
	 */
	public static final Duration SSE_TRIAL = Duration.ofSeconds(5);

	public Settings {
		Objects.requireNonNull(warmup, "warmup must not be null");
		Objects.requireNonNull(duration, "duration must not be null");
		Objects.requireNonNull(sseInterval, "sseInterval must not be null");
		if (concurrency < 1 || trials < 1 || articleRows < 1 || bulkRows < 1 || saveAllRows < 1 || sseSubscribers < 1) {
			throw new IllegalArgumentException("concurrency, trials, row counts and subscribers must be positive");
		}
		if (duration.toMillis() < 1000) {
			throw new IllegalArgumentException("duration must be at least 1s (pgbench and wrk count whole seconds)");
		}
	}

	/**
	 * Formats a row count for scenario labels: {@code 1M}, {@code 100k}, {@code 2500}.
	 * @param rows the count
	 * @return the short form
	 */
	public static String count(int rows) {
		if (rows >= 1_000_000 && rows % 1_000_000 == 0) {
			return (rows / 1_000_000) + "M";
		}
		if (rows >= 1_000 && rows % 1_000 == 0) {
			return (rows / 1_000) + "k";
		}
		return Integer.toString(rows);
	}

}
