package dev.reactivedata.bench.report;

import java.util.List;
import java.util.Map;

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

	@Test
	void warnsOfABusyMachineByTheLoadBeforeTheRunNotTheRunsOwn() {
		assertThat(MarkdownReport.busy(Map.of("cores", "2", "load average (1/5/15 min) before", "1.26 0.58 0.22",
				"load average (1/5/15 min) after", "7.14 4.79 3.92"))).isEmpty();
		assertThat(MarkdownReport.busy(Map.of("cores", "2", "load average (1/5/15 min) before", "3.93 4.68 4.25",
				"load average (1/5/15 min) after", "4.85 4.36 4.54")))
			.hasValueSatisfying(warning -> assertThat(warning).contains("load average 3.9 on 2 cores"));
	}

}
