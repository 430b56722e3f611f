package dev.reactivedata.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.DemoServer;
import dev.reactivedata.bench.fixture.Servers;
import dev.reactivedata.bench.harness.Details;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.bench.harness.Settings;
import dev.reactivedata.bench.report.MachineInfo;
import dev.reactivedata.bench.report.MarkdownReport;
import dev.reactivedata.bench.report.RatioChart;
import dev.reactivedata.bench.scenario.BenchContext;
import dev.reactivedata.bench.scenario.Scenario;
import dev.reactivedata.bench.scenario.Scenarios;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs every scenario against the local servers and prints the results table on standard output (progress goes
 * to standard error); writes {@code latest.md} and {@code latest.png} to the results folder. Each scenario runs in
 * a JVM of its own ({@link ScenarioFork}) over the database this one loads. Exits 1 when a scenario or side failed
 * (the rest is still reported), 0 otherwise.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
		description = "Measures the data layer against its baselines in one run (DESIGN §10).")
public final class BenchmarkCommand implements Callable<Integer> {

	/** The option that makes a run a scenario's fork; see {@link ScenarioFork}. */
	static final String FORK_RESULTS = "--fork-results";

	@Option(names = "--quick", description = "Short run (about 25 minutes on 2 cores): the full run's articles, a fifth "
			+ "of its bulk rows, shorter trials.")
	boolean quick;

	@Option(names = "--concurrency", defaultValue = "16", description = "Concurrent clients on every side (default ${DEFAULT-VALUE}).")
	int concurrency;

	@Option(names = "--trials", description = "Trials per side (default 5 quick, 3 full).")
	@Nullable Integer trials;

	@Option(names = "--warmup", description = "Longest warm-up seconds per side; it ends as soon as three consecutive 1 s "
			+ "slices agree within 10 %% while the JIT compiles for under 5 %% of each (default 15 quick, 30 full; the "
			+ "HTTP scenario warms up at least 20).")
	@Nullable Integer warmup;

	@Option(names = "--duration", description = "Seconds per trial (default 1 quick, 5 full; at least 3 in "
			+ "the scenarios with a wrk, pgbench or redis-benchmark side).")
	@Nullable Integer duration;

	@Option(names = "--articles", defaultValue = "1000000", description = "Articles loaded for reads and export, quick "
			+ "or full (default ${DEFAULT-VALUE}): the read and export sides' ratios depend on it.")
	int articles;

	@Option(names = "--bulk-rows", description = "Rows per bulk-insert trial (default 200000 quick, 1000000 full).")
	@Nullable Integer bulkRows;

	@Option(names = "--save-all-rows", description = "Rows per saveAll trial (default 20000: fewer make its extrapolated rate read high).")
	@Nullable Integer saveAllRows;

	@Option(names = "--scenarios", split = ",", description = "Only these scenario ids (default: all).")
	@Nullable Set<String> only;

	@Option(names = "--pg-host", defaultValue = "127.0.0.1")
	String pgHost = "127.0.0.1";

	@Option(names = "--pg-port", defaultValue = "5432")
	int pgPort;

	@Option(names = "--pg-admin-user", defaultValue = "postgres")
	String adminUser = "postgres";

	@Option(names = "--pg-admin-password", defaultValue = "${env:PGPASSWORD:-}")
	String adminPassword = "";

	@Option(names = "--app-password", defaultValue = "rdl_app", description = "Password the migrations give rdl_app.")
	String appPassword = "rdl_app";

	@Option(names = "--database", defaultValue = "rdl_bench", description = "Benchmark database (dropped and recreated).")
	String database = "rdl_bench";

	@Option(names = "--redis-host", defaultValue = "127.0.0.1")
	String redisHost = "127.0.0.1";

	@Option(names = "--redis-port", defaultValue = "6379")
	int redisPort;

	@Option(names = "--migrations", required = true, description = "The demo's migrations folder.")
	Path migrations = Path.of(".");

	@Option(names = "--demo-jar", description = "The demo's executable jar (the HTTP scenario is skipped without it).")
	@Nullable Path demoJar;

	@Option(names = "--results", defaultValue = "benchmarks/results", description = "Where latest.md and latest.png go.")
	Path results = Path.of("benchmarks/results");

	@Option(names = "--logs", defaultValue = "benchmarks/target", description = "Where the demo's log and the replica-read scenario's servers go.")
	Path logs = Path.of("benchmarks/target");

	@Option(names = FORK_RESULTS, hidden = true, description = "Runs the scenarios in this JVM over the database a "
			+ "parent run loaded, and writes their results to this file for it (what a scenario's fork is given).")
	@Nullable Path forkResults;

	@Spec
	@Nullable CommandSpec spec;

	@Option(names = "--revision", defaultValue = "unknown", description = "The source revision, for the report.")
	String revision = "unknown";

	public static void main(String[] args) {
		System.exit(new CommandLine(new BenchmarkCommand()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		Settings settings = settings();
		Servers servers = new Servers(this.pgHost, this.pgPort, this.adminUser, this.adminPassword, this.appPassword,
				this.database, this.redisHost, this.redisPort, this.migrations.toAbsolutePath(),
				(this.demoJar != null) ? this.demoJar.toAbsolutePath() : null);
		Files.createDirectories(this.results);
		Files.createDirectories(this.logs);
		List<Scenario> scenarios = Scenarios.all().stream()
			.filter(scenario -> this.only == null || this.only.contains(scenario.id()))
			.toList();
		if (this.forkResults != null) {
			return runInThisJvm(servers, settings, scenarios, this.forkResults);
		}
		Instant started = Instant.now();
		String loadBefore = MachineInfo.loadAverage();
		Details details = new Details();
		List<Row> rows = new ArrayList<>();
		String postgres;
		String redis;
		Map<String, String> timings = new LinkedHashMap<>();
		long phase = System.nanoTime();
		try (BenchFixture fixture = BenchFixture.create(servers, settings, this.logs)) {
			timings.put("setup", seconds(phase));
			postgres = fixture.adminText("SELECT version()");
			redis = fixture.redisVersion();
			List<String> arguments = Objects.requireNonNull(this.spec, "spec").commandLine().getParseResult().originalArgs();
			for (Scenario scenario : scenarios) {
				System.err.println("== " + scenario.id());
				phase = System.nanoTime();
				try {
					ScenarioFork.run(scenario.id(), arguments, this.logs.toAbsolutePath().resolve("fork-results.json"))
						.addTo(rows, details);
				}
				catch (RuntimeException ex) {
					details.failure(scenario.id() + ": " + ex.getMessage());
					System.err.println("[" + scenario.id() + "] FAILED " + ex.getMessage());
				}
				timings.put(scenario.id(), seconds(phase));
			}
			phase = System.nanoTime();
		}
		timings.put("cleanup", seconds(phase));
		Map<String, String> machine = new LinkedHashMap<>();
		machine.put("date", started.truncatedTo(ChronoUnit.SECONDS).toString());
		machine.put("revision", this.revision);
		machine.put("mode", settings.quick() ? "quick" : "full");
		machine.put("elapsed", Duration.between(started, Instant.now()).toSeconds() + " s ("
				+ String.join(", ", timings.entrySet().stream().map(t -> t.getKey() + " " + t.getValue()).toList()) + ")");
		machine.put("load average (1/5/15 min) before", loadBefore);
		machine.put("load average (1/5/15 min) after", MachineInfo.loadAverage());
		machine.putAll(MachineInfo.collect(postgres, redis));
		machine.put("demo JVM flags", String.join(" ", DemoServer.JVM_FLAGS));

		String table = MarkdownReport.table(rows);
		System.out.print(table);
		MarkdownReport.noisy(rows).ifPresent(System.err::print);
		Path markdown = this.results.resolve("latest.md");
		Files.writeString(markdown, MarkdownReport.document(rows, details, settings, machine), StandardCharsets.UTF_8);
		Path chart = this.results.resolve("latest.png");
		RatioChart.write(rows, "reactive-data-layer benchmarks (" + machine.get("mode") + ", " + machine.get("date") + ")",
				chart);
		System.err.println("results: " + markdown + " and " + chart);
		if (!details.failures().isEmpty()) {
			System.err.println("failures:");
			details.failures().forEach(failure -> System.err.println("  " + failure));
			return 1;
		}
		return 0;
	}

	/** What a scenario's fork does: runs its scenarios over the loaded database and writes what they measured. */
	private Integer runInThisJvm(Servers servers, Settings settings, List<Scenario> scenarios, Path results) {
		Details details = new Details();
		List<Row> rows = new ArrayList<>();
		try (BenchFixture fixture = BenchFixture.attach(servers, settings, this.logs)) {
			BenchContext context = new BenchContext(settings, fixture, details);
			for (Scenario scenario : scenarios) {
				try {
					rows.addAll(scenario.run(context));
				}
				catch (Exception ex) {
					details.failure(scenario.id() + ": " + ex);
					System.err.println("[" + scenario.id() + "] FAILED " + ex);
				}
			}
		}
		ScenarioFork.write(results, ScenarioFork.Results.of(rows, details));
		return 0;
	}

	private static String seconds(long since) {
		return Math.round((System.nanoTime() - since) / 1e9) + " s";
	}

	private Settings settings() {
		return new Settings(this.quick, this.concurrency, Duration.ofSeconds(or(this.warmup, 15, 30)),
				Duration.ofSeconds(or(this.duration, 1, 5)), or(this.trials, 5, 3), this.articles,
				or(this.bulkRows, 200_000, 1_000_000), (this.saveAllRows != null) ? this.saveAllRows : 20_000, 1_000, Duration.ofMillis(10));
	}

	private int or(@Nullable Integer value, int quickDefault, int fullDefault) {
		return (value != null) ? value : (this.quick ? quickDefault : fullDefault);
	}

}
