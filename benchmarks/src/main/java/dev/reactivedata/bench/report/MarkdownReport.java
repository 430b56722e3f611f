package dev.reactivedata.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.reactivedata.bench.harness.Details;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.bench.harness.Settings;
import dev.reactivedata.bench.harness.Trials;
import org.jspecify.annotations.Nullable;

/**
 * Renders the results: the contract table {@code | scenario | ours | baseline | ratio | unit |} and, for
 * {@code latest.md}, the footnotes, per-side details, failures and the machine.
 */
public final class MarkdownReport {

	private MarkdownReport() {
	}

	/**
	 * Renders the table alone, as printed on standard output.
	 * @param rows the rows
	 * @return the markdown table
	 */
	public static String table(List<Row> rows) {
		StringBuilder out = new StringBuilder();
		out.append("| scenario | ours | baseline | ratio | unit |\n");
		out.append("| --- | ---: | ---: | ---: | --- |\n");
		for (Row row : rows) {
			out.append("| ").append(escape(row.scenario())).append(" | ").append(number(row.ours())).append(" | ")
				.append(number(row.baseline())).append(" | ").append(ratio(row.ratio())).append(" | ")
				.append(row.unit()).append(" |\n");
		}
		return out.toString();
	}

	/**
	 * Renders the whole {@code latest.md}.
	 * @param rows the rows
	 * @param details notes, per-side medians and failures
	 * @param settings the run's settings
	 * @param machine the machine description, in order
	 * @return the document
	 */
	public static String document(List<Row> rows, Details details, Settings settings, Map<String, String> machine) {
		StringBuilder out = new StringBuilder();
		out.append("# Benchmarks: latest run (").append(settings.quick() ? "quick" : "full").append(")\n\n");
		out.append(String.format(Locale.ROOT,
				"%d clients/connections, a warm-up per side until three 1s slices agree within %.0f %% (at most %ds; HTTP "
						+ "at least %ds), %d trials of %ds per side (at least %ds beside wrk, pgbench or redis-benchmark, "
						+ "%ds for SSE), "
						+ "interleaved (medians), %s articles, bulk %s rows, each scenario in a JVM of its own (as JMH "
						+ "forks). The JVM sides' connections come from the pool "
						+ "the starter wires (GuardedConnectionPool: leak tracking, statement timeouts, fault detection).%n%n",
				settings.concurrency(), Trials.STABLE * 100, settings.warmup().toSeconds(),
				Settings.HTTP_WARM_UP.toSeconds(), settings.trials(), settings.duration().toSeconds(),
				Settings.TOOL_TRIAL.toSeconds(), Settings.SSE_TRIAL.toSeconds(),
				Settings.count(settings.articleRows()), Settings.count(settings.bulkRows())));
		busy(machine).ifPresent(warning -> out.append(warning).append("\n\n"));
		out.append(table(rows)).append('\n');
		out.append("Ratio = ours ÷ baseline; every unit is \"higher is better\", so a ratio above 1 means ours is faster. ")
			.append("Load generators and servers share the machine's cores: treat differences under about 15% as noise.\n\n");
		noisy(rows).ifPresent(section -> out.append(section).append('\n'));
		if (!details.notes().isEmpty()) {
			out.append("## Notes: what \"ours\" is in this run\n\n");
			details.notes().forEach(note -> out.append("- ").append(note).append('\n'));
			out.append('\n');
		}
		if (!details.failures().isEmpty()) {
			out.append("## Failures\n\n");
			details.failures().forEach(failure -> out.append("- ").append(escape(failure).replace('\n', ' ')).append('\n'));
			out.append('\n');
		}
		out.append("## Details (medians of the trials)\n\n");
		out.append("| scenario | side | median | unit | p50 ms | p99 ms | trials | extras |\n");
		out.append("| --- | --- | ---: | --- | ---: | ---: | --- | --- |\n");
		for (Details.Entry entry : details.entries()) {
			Measured measured = entry.measured();
			String trials = measured.trials().stream().map(MarkdownReport::number).collect(Collectors.joining(", "));
			String extras = measured.extras().entrySet().stream()
				.map(extra -> extra.getKey() + " " + number(extra.getValue()))
				.collect(Collectors.joining(", "));
			out.append("| ").append(entry.scenario()).append(" | ").append(escape(measured.side())).append(" | ")
				.append(number(measured.value())).append(" | ").append(measured.unit()).append(" | ")
				.append(millis(measured.p50Millis())).append(" | ").append(millis(measured.p99Millis())).append(" | ")
				.append(trials).append(" | ").append(escape(extras)).append(" |\n");
		}
		out.append("\n## Machine\n\n");
		machine.forEach((name, value) -> out.append("- ").append(name).append(": ").append(escape(value)).append('\n'));
		out.append("\n![ratios](latest.png)\n");
		return out.toString();
	}

	/**
	 * Lists the rows whose trials spread more than {@link Row#NOISY_SPREAD} on either side, or empty when none did.
	 * @param rows the rows
	 * @return the section, or empty
	 */
	public static Optional<String> noisy(List<Row> rows) {
		List<Row> noisy = rows.stream().filter(Row::noisy).toList();
		if (noisy.isEmpty()) {
			return Optional.empty();
		}
		StringBuilder out = new StringBuilder("## Noisy rows: trials spread more than ")
			.append(Math.round(Row.NOISY_SPREAD * 100))
			.append(" % ((highest − lowest) ÷ median, on the wider side); do not steer by their ratio\n\n");
		noisy.forEach(row -> out.append("- ").append(escape(row.scenario())).append(": ")
			.append(Math.round(row.spread() * 100)).append(" %\n"));
		return Optional.of(out.toString());
	}

	/**
	 * A warning when the load average before the run exceeded the number of cores: other processes were competing
	 * for the CPU as it started. The load average after the run is not judged: on a machine this size it is the run's
	 * own (sixteen clients, their servers and the load tools of the last minute), so it always exceeded the cores.
	 */
	static Optional<String> busy(Map<String, String> machine) {
		double cores = parse(machine.getOrDefault("cores", "0"));
		double load = firstNumber(machine.get("load average (1/5/15 min) before"));
		if (cores > 0 && load > cores) {
			return Optional.of(String.format(Locale.ROOT, "**The machine was busy as this run started (1-minute load "
					+ "average %.1f on %.0f cores before the first scenario): other processes competed for the CPU, so "
					+ "these numbers are noisier than usual and the JVM sides suffer most (less CPU for the JIT).**", load,
					cores));
		}
		return Optional.empty();
	}

	private static double firstNumber(@Nullable String text) {
		return (text == null || text.isBlank()) ? 0 : parse(text.trim().split("\\s+")[0]);
	}

	private static double parse(String number) {
		try {
			return Double.parseDouble(number);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	static String number(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	static String ratio(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
	}

	private static String millis(double value) {
		return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
	}

	private static String escape(String text) {
		return text.replace("|", "\\|");
	}

}
