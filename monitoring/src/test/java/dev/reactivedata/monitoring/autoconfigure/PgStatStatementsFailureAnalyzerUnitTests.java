package dev.reactivedata.monitoring.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class PgStatStatementsFailureAnalyzerUnitTests {

	private final PgStatStatementsFailureAnalyzer analyzer = new PgStatStatementsFailureAnalyzer();

	@Test
	void explainsAMissingExtension() {
		Throwable failure = new IllegalStateException("Migration failed", new IllegalStateException(
				"ERROR: extension \"pg_stat_statements\" is not available"));
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("pg_stat_statements extension")
			.contains("is not available");
		assertThat(analysis.getAction()).contains("shared_preload_libraries = 'pg_stat_statements'")
			.contains("CREATE EXTENSION pg_stat_statements")
			.contains("reactivedata.monitoring.insights.enabled=false");
	}

	@Test
	void leavesOtherFailuresAlone() {
		assertThat(this.analyzer.analyze(new IllegalStateException("relation \"articles\" does not exist"))).isNull();
	}

}
