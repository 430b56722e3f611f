package dev.reactivedata.bench.external;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reactivedata.bench.harness.Sample;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assumptions.assumeThatCode;

/** Runs pgbench against the PostgreSQL server at PGHOST:PGPORT. */
class PgbenchIntegrationTests {

	private final Pgbench pgbench = new Pgbench(System.getenv().getOrDefault("PGHOST", "127.0.0.1"),
			Integer.parseInt(System.getenv().getOrDefault("PGPORT", "5432")), "postgres", "postgres");

	@TempDir
	Path directory;

	@BeforeEach
	void pgbenchAndAServer() {
		assumeThatCode(() -> this.pgbench.scripted(1, Duration.ofSeconds(1), List.of(script("probe", "SELECT 1;")),
				Map.of(), Map.of()))
			.as("pgbench on the PATH and a PostgreSQL server at PGHOST:PGPORT")
			.doesNotThrowAnyException();
	}

	@Test
	void scriptsGetTheirVariablesAndTheSessionItsOptions() throws IOException {
		// Divides by zero unless the variable is bound and PGOPTIONS reached the session.
		Path script = script("bound", "SELECT 1 / (:divisor::int - current_setting('app.probe')::int);");
		Sample sample = this.pgbench.scripted(2, Duration.ofSeconds(1), List.of(script), Map.of("divisor", "5"),
				Map.of("PGOPTIONS", "-c app.probe=4"));
		assertThat(sample.value()).isPositive();
		assertThat(sample.extras()).containsKey("latency avg ms");
	}

	@Test
	void aFailingScriptFailsTheRun() throws IOException {
		Path script = script("failing", "SELECT 1 / (:divisor::int - current_setting('app.probe')::int);");
		assertThatIllegalStateException().isThrownBy(() -> this.pgbench.scripted(1, Duration.ofSeconds(1),
				List.of(script), Map.of("divisor", "4"), Map.of("PGOPTIONS", "-c app.probe=4")));
	}

	private Path script(String name, String statement) throws IOException {
		return Files.writeString(this.directory.resolve(name + ".sql"), statement + "\n");
	}

}
