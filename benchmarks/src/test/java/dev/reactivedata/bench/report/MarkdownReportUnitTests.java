package dev.reactivedata.bench.report;

import java.util.List;

import dev.reactivedata.bench.harness.Row;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownReportUnitTests {

	@Test
	void printsTheContractTable() {
		String table = MarkdownReport.table(List.of(new Row("point read | by id", 12345.6, 6172.8, "ops/s", Double.NaN),
				new Row("sse", 2.5, 5, "ticks/CPU-s", Double.NaN)));
		assertThat(table.lines().toList()).containsExactly("| scenario | ours | baseline | ratio | unit |",
				"| --- | ---: | ---: | ---: | --- |", "| point read \\| by id | 12,346 | 6,173 | 2.00 | ops/s |",
				"| sse | 2.50 | 5.00 | 0.50 | ticks/CPU-s |");
	}

	@Test
	void namesTheRowsWhoseTrialsSpreadTooFar() {
		assertThat(MarkdownReport.noisy(List.of(new Row("steady", 1, 1, "ops/s", 0.05),
				new Row("wild", 1, 1, "ops/s", 0.31), new Row("single trial", 1, 1, "ops/s", Double.NaN))))
			.hasValueSatisfying(section -> assertThat(section).contains("- wild: 31 %")
				.doesNotContain("steady")
				.doesNotContain("single trial"));
		assertThat(MarkdownReport.noisy(List.of(new Row("steady", 1, 1, "ops/s", 0.05)))).isEmpty();
	}

}
