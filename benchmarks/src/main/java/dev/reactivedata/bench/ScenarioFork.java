package dev.reactivedata.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.reactivedata.bench.harness.Details;
import dev.reactivedata.bench.harness.Row;
import tools.jackson.databind.json.JsonMapper;

/**
 * One scenario run in a JVM of its own, as JMH forks a JVM per benchmark: the JIT compiles a scenario's paths from
 * their own profiles, and the heap holds only what that scenario made, whatever ran before it. In one shared JVM the
 * cache-hit side lost about a quarter of its rate when the point-read, filtered-page and keyset scenarios had run
 * first (from the code the JIT had compiled for them or the heap they left; not told apart), while the C tool it is
 * compared with was unchanged.
 * The fork runs this harness with the parent's JVM flags and arguments, for one scenario, over the database the
 * parent loaded, and hands its rows and details back in a JSON file.
 */
final class ScenarioFork {

	/** Longer than any scenario of a full run takes; a fork still running then is stopped and reported failed. */
	private static final long TIMEOUT_MINUTES = 60;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ScenarioFork() {
	}

	/**
	 * Runs one scenario in a new JVM and waits for its results; its progress goes to this process's output.
	 * @param scenario the scenario's id
	 * @param arguments the parent's command-line arguments; its {@code --scenarios} are replaced
	 * @param results the file the fork writes its results to
	 * @return what the fork measured and noted
	 * @throws IllegalStateException when the fork cannot start, fails or hangs without results
	 */
	static Results run(String scenario, List<String> arguments, Path results) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
		String classPath = System.getProperty("java.class.path");
		if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
			command.addAll(List.of("-jar", classPath));
		}
		else {
			command.addAll(List.of("-cp", classPath, BenchmarkCommand.class.getName()));
		}
		command.addAll(forkArguments(arguments, scenario, results));
		try {
			Files.deleteIfExists(results);
			Process fork = new ProcessBuilder(command).inheritIO().start();
			if (!fork.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
				fork.destroyForcibly();
				throw new IllegalStateException("its JVM was still running after " + TIMEOUT_MINUTES + " minutes");
			}
			if (!Files.exists(results)) {
				throw new IllegalStateException("its JVM exited with " + fork.exitValue() + " and no results");
			}
			return read(results);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run its JVM: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while its JVM ran", ex);
		}
	}

	/**
	 * Writes a fork's results for its parent.
	 * @param file where the parent reads them
	 * @param results the results
	 */
	static void write(Path file, Results results) {
		JSON.writeValue(file.toFile(), results);
	}

	/**
	 * Reads the results a fork wrote.
	 * @param file where the fork wrote them
	 * @return the results
	 */
	static Results read(Path file) {
		return JSON.readValue(file.toFile(), Results.class);
	}

	/**
	 * Returns the arguments of a fork: the parent's, with its {@code --scenarios} replaced by the fork's one
	 * scenario, and where to write the results.
	 * @param parent the parent's command-line arguments
	 * @param scenario the fork's scenario id
	 * @param results the file the fork writes its results to
	 * @return the fork's arguments
	 */
	static List<String> forkArguments(List<String> parent, String scenario, Path results) {
		List<String> arguments = new ArrayList<>();
		for (int i = 0; i < parent.size(); i++) {
			String argument = parent.get(i);
			if (argument.equals("--scenarios")) {
				i++;
			}
			else if (!argument.startsWith("--scenarios=")) {
				arguments.add(argument);
			}
		}
		arguments.addAll(List.of("--scenarios", scenario, BenchmarkCommand.FORK_RESULTS, results.toString()));
		return arguments;
	}

	/**
	 * What one fork hands back: its rows and everything it added to its {@link Details}.
	 * @param rows the scenario's rows
	 * @param entries the medians of each side
	 * @param notes the footnotes
	 * @param failures what could not be measured
	 */
	record Results(List<Row> rows, List<Details.Entry> entries, List<String> notes, List<String> failures) {

		static Results of(List<Row> rows, Details details) {
			return new Results(List.copyOf(rows), details.entries(), details.notes(), details.failures());
		}

		/** Adds these results to the parent's. */
		void addTo(List<Row> allRows, Details details) {
			allRows.addAll(this.rows);
			this.entries.forEach(entry -> details.add(entry.scenario(), entry.measured()));
			this.notes.forEach(details::note);
			this.failures.forEach(details::failure);
		}

	}

}
