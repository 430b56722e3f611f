package dev.reactivedata.monitoring.insights;

import java.time.Duration;

import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No false alarms: on fresh statistics and small tables the index usage, cache hit ratio and bloat checks wait
 * for evidence; with it (thresholds lowered) they fire. Constraint indexes and tools' tables are never
 * suggested for dropping.
 */
class PostgresInsightsEvidenceIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static DatabaseClient client;

	private static DatabaseClient owner() {
		return client;
	}

	@BeforeAll
	static void createSchema() {
		client = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		Flux.concat(
				owner().sql("CREATE TABLE accounts (id int PRIMARY KEY, email text UNIQUE, region int NOT NULL, "
						+ "note text, during tstzrange, EXCLUDE USING gist (during WITH &&))").then(),
				owner().sql("INSERT INTO accounts SELECT g, 'u' || g, g % 7, 'n', NULL FROM generate_series(1, 2000) g").then(),
				owner().sql("CREATE INDEX accounts_region_idx ON accounts (region)").then(),
				owner().sql("CREATE INDEX accounts_region_note_idx ON accounts (region, note)").then(),
				owner().sql("CREATE INDEX accounts_note_idx ON accounts (note)").then(),
				owner().sql("CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, success boolean)").then(),
				owner().sql("CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success)").then(),
				owner().sql("INSERT INTO flyway_schema_history VALUES (1, true)").then(),
				owner().sql("ANALYZE").then())
			.then()
			.as(StepVerifier::create)
			.verifyComplete();
	}

	private static Flux<Void> readTables() {
		return Flux.range(0, 5).concatMap(i -> Flux.concat(
				owner().sql("SELECT count(*) FROM accounts").then(),
				owner().sql("SELECT * FROM accounts WHERE region = 3 AND note = 'n'").then(),
				owner().sql("SELECT * FROM accounts WHERE id = 7").then(),
				owner().sql("SELECT count(*) FROM flyway_schema_history").then()));
	}

	@Test
	void freshStatisticsAndSmallTablesRaiseNoAlarm() {
		PostgresInsights insights = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				InsightsOptions.defaults());
		owner().sql("SELECT pg_stat_reset()").then()
			.thenMany(readTables())
			.then(insights.report())
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.statistics().source()).isEqualTo("stats_reset");
				assertThat(report.statistics().ageSeconds()).isLessThan(60);
				assertThat(report.unusedIndexes().status()).isEqualTo(InsightCheck.Status.NOT_ENOUGH_DATA);
				assertThat(report.unusedIndexes().reason()).contains("waiting for statistics covering 1.0 d");
				assertThat(report.unusedIndexes().findings()).isEmpty();
				assertThat(report.cacheHitRatio().status()).isEqualTo(InsightCheck.Status.NOT_ENOUGH_DATA);
				assertThat(report.cacheHitRatio().reason()).contains("100000 block reads");
				assertThat(report.tableBloat().status()).isEqualTo(InsightCheck.Status.NOT_ENOUGH_DATA);
				assertThat(report.tableBloat().reason()).contains("10.0 MiB");
				assertThat(report.recommendations()).extracting(InsightsReport.Recommendation::check)
					.doesNotContain("unusedIndexes", "cacheHitRatio", "tableBloat");
			})
			.verifyComplete();
	}

	@Test
	void unusedIndexesNeverIncludeConstraintsOrToolTablesAndNameTheIndexServingInstead() {
		PostgresInsights insights = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				InsightsOptions.builder().minStatisticsAge(Duration.ZERO).unusedIndexMinTableScans(5).build());
		owner().sql("SELECT pg_stat_reset()").then()
			.thenMany(readTables())
			.then(insights.report())
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.unusedIndexes().status()).isEqualTo(InsightCheck.Status.WARN);
				assertThat(report.unusedIndexes().evidence()).contains("statistics cover", "stats_reset");
				assertThat(report.unusedIndexes().findings()).extracting(InsightsReport.UnusedIndex::index)
					.contains("accounts_note_idx")
					.doesNotContain("accounts_pkey", "accounts_email_key", "accounts_during_excl",
							"flyway_schema_history_s_idx", "flyway_schema_history_pkey");
				assertThat(report.duplicateIndexes().findings()).extracting(InsightsReport.DuplicateIndex::index)
					.containsExactly("accounts_region_idx");
				assertThat(report.duplicateIndexes().findings().get(0).coveredBy()).isEqualTo("accounts_region_note_idx");
				assertThat(report.recommendations()).anySatisfy(recommendation -> {
					assertThat(recommendation.check()).isEqualTo("unusedIndexes");
					assertThat(recommendation.message()).contains("accounts_note_idx", "never scanned");
				});
			})
			.verifyComplete();
	}

	@Test
	void indexesOfRarelyReadTablesAreNotJudged() {
		PostgresInsights insights = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				InsightsOptions.builder().minStatisticsAge(Duration.ZERO).unusedIndexMinTableScans(1_000).build());
		owner().sql("SELECT pg_stat_reset()").then()
			.thenMany(readTables())
			.then(insights.report())
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.unusedIndexes().status()).isEqualTo(InsightCheck.Status.OK);
				assertThat(report.unusedIndexes().evidence()).contains("on tables read too rarely to tell");
			})
			.verifyComplete();
	}

	@Test
	void cacheHitRatioIsJudgedWithEnoughReads() {
		PostgresInsights insights = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				InsightsOptions.builder().minStatisticsAge(Duration.ZERO).cacheHitMinBlocks(1).cacheHitRatio(1.0).build());
		owner().sql("SELECT pg_stat_reset()").then()
			.then(owner().sql("CREATE TABLE fresh AS SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 20000) g")
				.then())
			.then(owner().sql("SELECT count(*) FROM fresh").then())
			.then(insights.report())
			.doFinally(signal -> owner().sql("DROP TABLE fresh").then().block(Duration.ofSeconds(10)))
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.cacheHitRatio().status()).as(report.cacheHitRatio().reason())
					.isEqualTo(InsightCheck.Status.WARN);
				InsightsReport.CacheHitRatio ratio = report.cacheHitRatio().findings().get(0);
				assertThat(ratio.tables()).isLessThan(1.0);
				assertThat(ratio.byTable()).anySatisfy(table -> {
					assertThat(table.table()).isEqualTo("fresh");
					assertThat(table.blocks()).isPositive();
				});
				assertThat(report.recommendations()).extracting(InsightsReport.Recommendation::check)
					.contains("cacheHitRatio");
			})
			.verifyComplete();
	}

}
