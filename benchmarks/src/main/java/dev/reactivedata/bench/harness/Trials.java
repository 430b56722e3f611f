package dev.reactivedata.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the sides of one scenario: a warm-up of each load side, then {@code trials} rounds in which every side
 * is measured once, interleaved and in alternating order (A B C, then C B A, ...) so slow drift of a shared
 * machine and the JIT's progress hit all sides alike. Reports the median of each side.
 * <p>
 * A warm-up runs the side in slices of {@value #SLICE_SECONDS} s until {@value #SETTLED_SLICES} consecutive
 * slices agree within {@link #STABLE} and the JIT was quiet in each ({@link JIT#quiet}), or until
 * {@link Settings#warmup()} (or a scenario's longer bound) is spent: short where the code is already compiled,
 * longer where the JIT still needs it (a side whose code paths it shares with the sides warmed before it can make
 * the JIT recompile them for seconds), bounded either way.
 */
public final class Trials {

	/** Consecutive warm-up slices whose headline numbers spread by at most this fraction end the warm-up. */
	public static final double STABLE = 0.10;

	/** How many consecutive slices must agree within {@link #STABLE}. */
	static final int SETTLED_SLICES = 3;

	static final int SLICE_SECONDS = 1;

	private static final Duration SLICE = Duration.ofSeconds(SLICE_SECONDS);

	private record Entry(String label, String unit, Side side, boolean warm) {
	}

	private final String scenario;

	private final Settings settings;

	private final Details details;

	private final List<Entry> sides = new ArrayList<>();

	private Duration minimumWarmup = Duration.ZERO;

	private Duration minimumTrial = Duration.ZERO;

	private List<ProcessHandle> servers = List.of();

	private Duration serverWarmupLimit = Duration.ZERO;

	/**
	 * Creates the trials of one scenario.
	 * @param scenario the scenario id, for progress output and details
	 * @param settings the run's settings
	 * @param details where the medians of every side are recorded
	 */
	public Trials(String scenario, Settings settings, Details details) {
		this.scenario = scenario;
		this.settings = settings;
		this.details = details;
	}

	/**
	 * Warms each load side up for at least {@code minimum}, whatever the run's {@link Settings#warmup()}: for
	 * sides whose JIT takes long to settle (a freshly started server), where a plateau of a few slices is not
	 * yet the steady state.
	 * @param minimum the shortest warm-up per load side
	 * @return this
	 */
	public Trials warmUpAtLeast(Duration minimum) {
		this.minimumWarmup = minimum;
		return this;
	}

	/**
	 * Makes each warm-up also wait until the JIT of the given server JVMs is quiet, for up to {@code limit} per
	 * side: a server the sides load compiles its own code paths under that load, for minutes where they are deep
	 * (the demo's database read compiled through about two minutes of a run's HTTP trials, which rose 2.5-fold
	 * one after another), and this JVM's compilation time does not show it.
	 * @param limit the longest warm-up per load side
	 * @param servers the server JVMs
	 * @return this
	 */
	public Trials awaitServerJit(Duration limit, ProcessHandle... servers) {
		this.serverWarmupLimit = limit;
		this.servers = List.of(servers);
		return this;
	}

	/**
	 * Runs each trial for at least {@code minimum}, whatever the run's {@link Settings#duration()}: for sides
	 * measured by an external tool whose start and connection set-up weigh on a 1 s trial, and whose server
	 * keeps compiling through short trials, or whose measure in a 1 s trial is so small that one collection moves it.
	 * @param minimum the shortest trial
	 * @return this
	 */
	public Trials trialsAtLeast(Duration minimum) {
		this.minimumTrial = minimum;
		return this;
	}

	/**
	 * Adds a side that applies load for the trial duration, warmed up once before the first trial.
	 * @param label the side's label in the details
	 * @param unit the unit of its headline number
	 * @param side the side
	 * @return this
	 */
	public Trials load(String label, String unit, Side side) {
		this.sides.add(new Entry(label, unit, side, true));
		return this;
	}

	/**
	 * Adds a side that does a fixed amount of work per trial (bulk insert, export): no warm-up.
	 * @param label the side's label in the details
	 * @param unit the unit of its headline number
	 * @param side the side
	 * @return this
	 */
	public Trials work(String label, String unit, Side side) {
		this.sides.add(new Entry(label, unit, side, false));
		return this;
	}

	/**
	 * Runs warm-up and trials and returns each side's medians by label; a side that fails is reported in the
	 * details and left out of the result.
	 * @return the medians
	 */
	public Map<String, Measured> run() {
		Map<String, List<Sample>> samples = new LinkedHashMap<>();
		Set<String> failed = new LinkedHashSet<>();
		for (Entry entry : this.sides) {
			samples.put(entry.label(), new ArrayList<>());
			if (entry.warm() && !this.settings.warmup().isZero()) {
				try {
					warmUp(entry);
				}
				catch (Exception ex) {
					fail(entry, ex, failed);
				}
			}
		}
		Duration length = (this.settings.duration().compareTo(this.minimumTrial) >= 0) ? this.settings.duration()
				: this.minimumTrial;
		for (int trial = 1; trial <= this.settings.trials(); trial++) {
			// Alternate the order (A B C, C B A, ...) so no side always runs first, on the least warm JVM.
			List<Entry> order = new ArrayList<>(this.sides);
			if (trial % 2 == 0) {
				Collections.reverse(order);
			}
			for (Entry entry : order) {
				if (failed.contains(entry.label())) {
					continue;
				}
				try {
					Sample sample = entry.side().measure(length);
					samples.get(entry.label()).add(sample);
					progress(String.format("%s: trial %d/%d %,.0f %s", entry.label(), trial, this.settings.trials(),
							sample.value(), entry.unit()));
				}
				catch (Exception ex) {
					fail(entry, ex, failed);
				}
			}
		}
		Map<String, Measured> result = new LinkedHashMap<>();
		for (Entry entry : this.sides) {
			List<Sample> taken = samples.get(entry.label());
			if (failed.contains(entry.label()) || taken.isEmpty()) {
				continue;
			}
			Measured measured = medians(entry, taken);
			this.details.add(this.scenario, measured);
			result.put(entry.label(), measured);
		}
		return result;
	}

	private void warmUp(Entry entry) throws Exception {
		long budget = Math.max(Math.max(this.settings.warmup().toNanos(), this.minimumWarmup.toNanos()),
				this.serverWarmupLimit.toNanos());
		long floor = this.minimumWarmup.toNanos();
		long started = System.nanoTime();
		List<Double> slices = new ArrayList<>();
		List<Long> compiling = new ArrayList<>();
		while (System.nanoTime() - started < budget) {
			long compiledBefore = JIT.compilationMillis(this.servers);
			slices.add(entry.side().measure(SLICE).value());
			// A server's stopped compiler thread takes its time with it: read a drop as no compiling.
			compiling.add(Math.max(0, JIT.compilationMillis(this.servers) - compiledBefore));
			if (System.nanoTime() - started >= floor && settled(slices) && JIT.quiet(compiling, SETTLED_SLICES, SLICE)) {
				progress(String.format("%s: warm-up %d slices of %ds, stable (last %d within %.0f %%, JIT quiet)",
						entry.label(), slices.size(), SLICE_SECONDS, SETTLED_SLICES, STABLE * 100));
				return;
			}
		}
		progress(String.format("%s: warm-up %d slices of %ds, not stable within %ds (JIT ms per slice: %s)",
				entry.label(), slices.size(), SLICE_SECONDS, TimeUnit.NANOSECONDS.toSeconds(budget), compiling));
	}

	/**
	 * Whether the last {@value #SETTLED_SLICES} slices lie within {@link #STABLE} of their median: two alone
	 * also agree on a JIT ramp that is still climbing a few percent a slice.
	 */
	static boolean settled(List<Double> slices) {
		if (slices.size() < SETTLED_SLICES) {
			return false;
		}
		List<Double> last = new ArrayList<>(slices.subList(slices.size() - SETTLED_SLICES, slices.size()));
		Collections.sort(last);
		double median = last.get(SETTLED_SLICES / 2);
		return last.get(SETTLED_SLICES - 1) - last.get(0) <= STABLE * Math.abs(median);
	}

	private void fail(Entry entry, Exception ex, Set<String> failed) {
		failed.add(entry.label());
		String message = this.scenario + " / " + entry.label() + ": " + ex;
		this.details.failure(message);
		progress("FAILED " + message);
	}

	private static Measured medians(Entry entry, List<Sample> taken) {
		List<Double> values = taken.stream().map(Sample::value).toList();
		Map<String, Double> extras = new LinkedHashMap<>();
		taken.forEach(sample -> sample.extras().keySet().forEach(name -> extras.putIfAbsent(name, Double.NaN)));
		extras.replaceAll((name, ignored) -> Measured
			.median(taken.stream().map(sample -> sample.extras().getOrDefault(name, Double.NaN)).toList()));
		return new Measured(entry.label(), entry.unit(), Measured.median(values),
				Measured.median(taken.stream().map(Sample::p50Millis).toList()),
				Measured.median(taken.stream().map(Sample::p99Millis).toList()), extras, values);
	}

	private void progress(String message) {
		System.err.println("[" + this.scenario + "] " + message);
	}

}
