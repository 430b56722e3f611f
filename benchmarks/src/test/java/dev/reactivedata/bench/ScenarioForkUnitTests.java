package dev.reactivedata.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.reactivedata.bench.harness.Details;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioForkUnitTests {

	@Test
	void aForkRunsItsOneScenarioWithTheParentsOtherArguments() {
		Path results = Path.of("/tmp/fork-results.json");
		assertThat(ScenarioFork.forkArguments(List.of("--quick", "--scenarios", "a,b", "--pg-port", "5432",
				"--scenarios=c"), "export", results))
			.containsExactly("--quick", "--pg-port", "5432", "--scenarios", "export", "--fork-results",
					results.toString());
	}

	@Test
	void resultsComeBackFromTheForkAsTheyWereMeasured(@TempDir Path directory) {
		Measured measured = new Measured("ours", "ops/s", 42.5, Double.NaN, 1.25, Map.of("errors", 0.0),
				List.of(40.0, Double.NaN, 45.0));
		Details details = new Details();
		details.add("point-read", measured);
		details.note("a note");
		details.failure("a side failed");
		List<Row> rows = List.of(Row.of("ours vs ours", measured, measured));
		Path file = directory.resolve("results.json");

		ScenarioFork.write(file, ScenarioFork.Results.of(rows, details));
		List<Row> merged = new ArrayList<>();
		Details parent = new Details();
		ScenarioFork.read(file).addTo(merged, parent);

		assertThat(merged).isEqualTo(rows);
		assertThat(parent.entries()).containsExactly(new Details.Entry("point-read", measured));
		assertThat(parent.notes()).containsExactly("a note");
		assertThat(parent.failures()).containsExactly("a side failed");
	}

}
