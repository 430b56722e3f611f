package dev.reactivedata.core.maintenance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MaintenanceOperations} on a real PostgreSQL: vacuum progress and the lock estimate.
 */
class MaintenanceOperationsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	@BeforeAll
	static void seed() throws SQLException {
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE big (id int PRIMARY KEY, body text);"
					+ "INSERT INTO big SELECT i, repeat('x', 200) FROM generate_series(1, 200000) i;"
					+ "DELETE FROM big WHERE id % 2 = 0");
		}
	}

	@Test
	void vacuumReportsProgressPerTableAndEndsDone() {
		List<VacuumProgress> progress = new CopyOnWriteArrayList<>();
		new MaintenanceOperations(dataSource(), MaintenanceOptions.defaults())
			.vacuum(new VacuumRequest(List.of("big"), false, true, null, false), progress::add)
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.tables()).singleElement().satisfies(table -> {
					assertThat(table.table()).isEqualTo("public.big");
					assertThat(table.bytesBefore()).isPositive();
				});
				assertThat(report.analyzed()).isTrue();
			})
			.verifyComplete();
		assertThat(progress).isNotEmpty().allMatch(p -> p.table().equals("public.big") && p.index() == 1 && p.tables() == 1);
		assertThat(progress.get(progress.size() - 1).phase()).isEqualTo("done");
	}

	@Test
	void fullVacuumOverTheLockLimitIsRefusedBeforeAnythingRuns() {
		MaintenanceOptions strict = MaintenanceOptions.builder()
			.fullVacuumLockLimit(Duration.ofSeconds(1))
			.rewriteBytesPerSecond(1024 * 1024)
			.build();
		new MaintenanceOperations(dataSource(), strict)
			.vacuum(new VacuumRequest(List.of("big"), true, false, null, false), p -> {
			})
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(MaintenanceException.class)
				.hasMessageStartingWith("VACUUM FULL would lock public.big (")
				.hasMessageContaining("(at 1.0 MiB/s; limit 1.0 s): pass --yes to go ahead"))
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void estimateIsSizeOverRate() {
		MaintenanceOptions options = MaintenanceOptions.builder().rewriteBytesPerSecond(1000).build();
		assertThat(options.estimateFullVacuumLock(5000)).isEqualTo(Duration.ofSeconds(5));
		assertThat(MaintenanceOptions.defaults().fullVacuumLockLimit()).isEqualTo(Duration.ofSeconds(10));
	}

	private static PGSimpleDataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(dataLayer.database().jdbcUrl());
		dataSource.setUser(dataLayer.database().ownerUser());
		dataSource.setPassword(dataLayer.database().ownerPassword());
		return dataSource;
	}

}
