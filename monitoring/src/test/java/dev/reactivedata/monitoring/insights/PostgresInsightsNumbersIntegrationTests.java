package dev.reactivedata.monitoring.insights;

import java.time.Duration;
import java.util.List;

import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The insights' numbers checked against the truth on a real PostgreSQL: the bloat estimate against
 * pgstattuple, deadlocks, long-running statements, sequences, growth, sizes and vacuum status, each made to fire
 * and made to stay quiet.
 */
class PostgresInsightsNumbersIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static DatabaseClient owner;

	@BeforeAll
	static void createSchema() {
		owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		Flux.concat(owner.sql("CREATE EXTENSION IF NOT EXISTS pgstattuple").then(),
				owner.sql("CREATE TABLE pairs (id int PRIMARY KEY, v int NOT NULL)").then(),
				owner.sql("INSERT INTO pairs VALUES (1, 0), (2, 0)").then())
			.then()
			.as(StepVerifier::create)
			.verifyComplete();
	}

	private static InsightsOptions.Builder options() {
		return InsightsOptions.builder().bloatMinTableBytes(1L << 20);
	}

	private static Mono<Double> exactWaste(String table) {
		return owner.sql("SELECT ((dead_tuple_len + free_space)::float8 / table_len) AS waste FROM pgstattuple('"
				+ table + "')")
			.map(row -> row.get("waste", Double.class))
			.one();
	}

	@Test
	void bloatEstimateIsWithinTwentyPointsOfPgstattuple() {
		PostgresInsights insights = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				options().build());
		Flux.concat(owner.sql("CREATE TABLE bloated (id int PRIMARY KEY, pad text NOT NULL) WITH (autovacuum_enabled = off)")
			.then(),
				owner.sql("INSERT INTO bloated SELECT g, md5(g::text) || md5((g + 1)::text) FROM generate_series(1, 60000) g")
					.then(),
				owner.sql("DELETE FROM bloated WHERE id % 10 < 7").then(),
				owner.sql("ANALYZE bloated").then())
			.then(Mono.zip(insights.report(), exactWaste("bloated")))
			.as(StepVerifier::create)
			.assertNext(both -> {
				InsightsReport.TableBloat bloated = findBloat(both.getT1(), "bloated");
				assertThat(bloated.wasteRatio()).isCloseTo(both.getT2(), within(0.20));
				assertThat(bloated.wasteRatio()).isGreaterThan(0.5);
				assertThat(bloated.deadRatio()).isCloseTo(0.7, within(0.05));
				assertThat(both.getT1().tableBloat().status()).isEqualTo(InsightCheck.Status.WARN);
				assertThat(both.getT1().recommendations()).anySatisfy(r -> assertThat(r.check()).isEqualTo("tableBloat"));
			})
			.verifyComplete();
		// After VACUUM the dead rows are free space: still waste, and still measured.
		owner.sql("VACUUM bloated").then()
			.then(Mono.zip(insights.report(), exactWaste("bloated")))
			.as(StepVerifier::create)
			.assertNext(both -> {
				InsightsReport.TableBloat bloated = findBloat(both.getT1(), "bloated");
				assertThat(bloated.wasteRatio()).isCloseTo(both.getT2(), within(0.20));
			})
			.verifyComplete();
	}

	@Test
	void aDenseTableIsNotCalledBloated() {
		PostgresInsights insights = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				options().build());
		Flux.concat(owner.sql("CREATE TABLE dense (id int PRIMARY KEY, pad text NOT NULL)").then(),
				owner.sql("INSERT INTO dense SELECT g, md5(g::text) FROM generate_series(1, 30000) g").then(),
				owner.sql("ANALYZE dense").then())
			.then(Mono.zip(insights.report(), exactWaste("dense")))
			.as(StepVerifier::create)
			.assertNext(both -> {
				assertThat(both.getT1().tableBloat().findings()).extracting(InsightsReport.TableBloat::table)
					.doesNotContain("dense");
				assertThat(both.getT2()).isLessThan(0.2);
			})
			.verifyComplete();
	}

	private static InsightsReport.TableBloat findBloat(InsightsReport report, String table) {
		return report.tableBloat().findings().stream()
			.filter(found -> found.table().equals(table))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no bloat finding for " + table + ": " + report.tableBloat()));
	}

	@Test
	void deadlocksAreCountedWithWhenTheyWereSeen() {
		PostgresInsights insights = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				options().build());
		ConnectionFactory factory = dataLayer.database().ownerConnectionFactory();
		StepVerifier.create(insights.report())
			.assertNext(report -> {
				assertThat(report.deadlocks().findings().get(0).history()).isEmpty();
				assertThat(report.recommendations()).noneSatisfy(r -> assertThat(r.check()).isEqualTo("deadlocks"));
			})
			.verifyComplete();
		Connection first = Mono.from(factory.create()).block(Duration.ofSeconds(10));
		Connection second = Mono.from(factory.create()).block(Duration.ofSeconds(10));
		try {
			update(first, "BEGIN").then(update(first, "UPDATE pairs SET v = 1 WHERE id = 1")).block(Duration.ofSeconds(10));
			update(second, "BEGIN").then(update(second, "UPDATE pairs SET v = 1 WHERE id = 2")).block(Duration.ofSeconds(10));
			Mono<Throwable> firstWaits = update(first, "UPDATE pairs SET v = 2 WHERE id = 2").then(Mono.<Throwable>empty())
				.onErrorResume(Mono::just);
			Mono<Throwable> secondWaits = Mono.delay(Duration.ofMillis(200))
				.then(update(second, "UPDATE pairs SET v = 2 WHERE id = 1"))
				.then(Mono.<Throwable>empty())
				.onErrorResume(Mono::just);
			List<Throwable> failures = Flux.merge(firstWaits, secondWaits).collectList().block(Duration.ofSeconds(20));
			assertThat(failures).singleElement().isInstanceOfSatisfying(R2dbcException.class,
					ex -> assertThat(ex.getSqlState()).isEqualTo("40P01"));
		}
		finally {
			update(first, "ROLLBACK").then(Mono.from(first.close())).block(Duration.ofSeconds(10));
			update(second, "ROLLBACK").then(Mono.from(second.close())).block(Duration.ofSeconds(10));
		}
		Mono.defer(insights::report)
			.filter(report -> report.deadlocks().findings().get(0).count() > 0)
			.repeatWhenEmpty(50, ticks -> ticks.delayElements(Duration.ofMillis(200)))
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.deadlocks().status()).isEqualTo(InsightCheck.Status.WARN);
				InsightsReport.Deadlocks deadlocks = report.deadlocks().findings().get(0);
				assertThat(deadlocks.count()).isEqualTo(1);
				assertThat(deadlocks.history()).singleElement().satisfies(event -> {
					assertThat(event.deadlocks()).isEqualTo(1);
					assertThat(event.previousReportAt()).isBefore(event.seenAt());
				});
				assertThat(report.recommendations()).anySatisfy(r -> assertThat(r.check()).isEqualTo("deadlocks"));
			})
			.verifyComplete();
	}

	private static Mono<Long> update(Connection connection, String sql) {
		return Flux.from(connection.createStatement(sql).execute()).flatMap(Result::getRowsUpdated).reduce(0L, Long::sum);
	}

	@Test
	void longRunningStatementsAreReportedAboveTheThresholdOnly() {
		ConnectionFactory factory = dataLayer.database().ownerConnectionFactory();
		Connection sleeper = Mono.from(factory.create()).block(Duration.ofSeconds(10));
		Disposable sleeping = update(sleeper, "SELECT pg_sleep(4)").subscribe();
		try {
			PostgresInsights strict = new PostgresInsights(factory,
					options().longRunning(Duration.ofSeconds(1)).build());
			Mono.defer(strict::report)
				.filter(report -> !report.longRunningQueries().findings().isEmpty())
				.repeatWhenEmpty(30, ticks -> ticks.delayElements(Duration.ofMillis(200)))
				.as(StepVerifier::create)
				.assertNext(report -> {
					assertThat(report.longRunningQueries().findings()).singleElement()
						.satisfies(query -> assertThat(query.query()).contains("pg_sleep(4)"));
					assertThat(report.connections().findings().get(0).sessions()).anySatisfy(group -> {
						assertThat(group.state()).isEqualTo("active");
						assertThat(group.waitEvent()).isEqualTo("PgSleep");
					});
				})
				.verifyComplete();
			new PostgresInsights(factory, options().build()).report()
				.as(StepVerifier::create)
				.assertNext(report -> assertThat(report.longRunningQueries().status()).isEqualTo(InsightCheck.Status.OK))
				.verifyComplete();
		}
		finally {
			sleeping.dispose();
			Mono.from(sleeper.close()).block(Duration.ofSeconds(10));
		}
	}

	@Test
	void sequencesNearTheirMaximumAreReported() {
		PostgresInsights insights = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				options().build());
		Flux.concat(owner.sql("CREATE SEQUENCE nearly_full MAXVALUE 100").then(),
				owner.sql("SELECT setval('nearly_full', 90)").then(),
				owner.sql("CREATE SEQUENCE roomy MAXVALUE 100").then(),
				owner.sql("SELECT setval('roomy', 10)").then())
			.then(insights.report())
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.sequences().findings()).extracting(InsightsReport.SequenceUsage::sequence)
					.containsExactly("nearly_full");
				assertThat(report.sequences().findings().get(0).usedRatio()).isEqualTo(0.9);
			})
			.verifyComplete();
	}

	@Test
	void growthSizesAndVacuumStatusFollowTheTables() {
		PostgresInsights insights = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				options().build());
		Flux.concat(owner.sql("CREATE TABLE growing (id int PRIMARY KEY, pad text)").then(),
				owner.sql("VACUUM growing").then())
			.then(insights.report())
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.growth().status()).isEqualTo(InsightCheck.Status.NOT_ENOUGH_DATA);
				assertThat(report.sizes().findings().get(0).databaseBytes()).isPositive();
				assertThat(report.vacuum().findings()).anySatisfy(table -> {
					assertThat(table.table()).isEqualTo("growing");
					assertThat(table.lastVacuum()).isNotNull();
				});
			})
			.verifyComplete();
		owner.sql("INSERT INTO growing SELECT g, repeat('x', 500) FROM generate_series(1, 5000) g").then()
			.then(Mono.delay(Duration.ofMillis(20)))
			.then(insights.report())
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.growth().status()).isEqualTo(InsightCheck.Status.OK);
				assertThat(report.growth().findings()).anySatisfy(table -> {
					assertThat(table.table()).isEqualTo("growing");
					assertThat(table.bytes()).isGreaterThan(table.firstBytes());
					assertThat(table.bytesPerHour()).isPositive();
				});
				assertThat(report.growth().findings()).noneSatisfy(table -> {
					assertThat(table.table()).isEqualTo("pairs");
					assertThat(table.bytesPerHour()).isNotZero();
				});
				assertThat(report.replication().status()).isEqualTo(InsightCheck.Status.OK);
				assertThat(report.replication().findings()).isEmpty();
			})
			.verifyComplete();
	}

}
