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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Missing-index suggestions name their columns (from {@code pg_stat_statements}) and are proven with HypoPG
 * where it is installed ({@code .ci/servers} installs it).
 */
class IndexAdvisorIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static DatabaseClient owner;

	@BeforeAll
	static void createSchema() {
		owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		Flux.concat(owner.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").then(),
				owner.sql("CREATE TABLE purchases (id int PRIMARY KEY, customer int NOT NULL, paid boolean NOT NULL, "
						+ "amount int NOT NULL)").then(),
				owner.sql("INSERT INTO purchases SELECT g, g % 5000, g % 2 = 0, g % 97 FROM generate_series(1, 30000) g")
					.then(),
				owner.sql("CREATE TABLE tiny (id int PRIMARY KEY, code int NOT NULL)").then(),
				owner.sql("INSERT INTO tiny SELECT g, g FROM generate_series(1, 50) g").then(),
				owner.sql("ANALYZE").then(),
				Flux.range(0, 120).concatMap(i -> Flux.concat(
						owner.sql("SELECT * FROM purchases WHERE customer = " + (i % 50) + " AND amount > 90").then(),
						owner.sql("SELECT id FROM purchases WHERE paid = true LIMIT 1").then(),
						owner.sql("SELECT * FROM tiny WHERE code = " + i).then())).then())
			.then()
			.as(StepVerifier::create)
			.verifyComplete();
	}

	private static boolean hypopgAvailable() {
		return Boolean.TRUE.equals(owner.sql("SELECT count(*) > 0 AS found FROM pg_available_extensions WHERE name = 'hypopg'")
			.map(row -> row.get("found", Boolean.class)).one().block(Duration.ofSeconds(10)));
	}

	@Test
	void suggestsTheFilteredColumnsAndProvesTheIndexWithHypoPG() {
		assumeTrue(hypopgAvailable(), "HypoPG is not installed (postgresql-15-hypopg)");
		PostgresInsights insights = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				InsightsOptions.defaults());
		owner.sql("CREATE EXTENSION IF NOT EXISTS hypopg").then()
			.then(insights.report())
			.doFinally(signal -> owner.sql("DROP EXTENSION IF EXISTS hypopg").then().block(Duration.ofSeconds(10)))
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.missingIndexes().status()).isEqualTo(InsightCheck.Status.WARN);
				assertThat(report.missingIndexes().findings()).extracting(InsightsReport.MissingIndex::table)
					.containsExactly("purchases");
				InsightsReport.MissingIndex purchases = report.missingIndexes().findings().get(0);
				assertThat(purchases.columns()).containsExactly("customer", "amount");
				assertThat(purchases.createIndex())
					.isEqualTo("CREATE INDEX CONCURRENTLY ON \"public\".\"purchases\" (\"customer\", \"amount\")");
				assertThat(purchases.query()).contains("customer = $1");
				assertThat(purchases.verified()).as(purchases.verification()).isTrue();
				assertThat(purchases.costAfter()).isLessThan(purchases.costBefore() / 10);
				assertThat(purchases.verification()).startsWith("verified with HypoPG");
				assertThat(report.recommendations()).anySatisfy(recommendation -> {
					assertThat(recommendation.check()).isEqualTo("missingIndexes");
					assertThat(recommendation.message()).contains("CREATE INDEX CONCURRENTLY", "verified with HypoPG");
				});
			})
			.verifyComplete();
		owner.sql("SELECT count(*) AS n FROM pg_indexes WHERE tablename = 'purchases'")
			.map(row -> row.get("n", Long.class))
			.one()
			.as(StepVerifier::create)
			.expectNext(1L)
			.verifyComplete();
	}

	@Test
	void saysSoWhenTheSuggestionCannotBeVerified() {
		PostgresInsights insights = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				InsightsOptions.defaults());
		owner.sql("DROP EXTENSION IF EXISTS hypopg").then()
			.then(insights.report())
			.as(StepVerifier::create)
			.assertNext(report -> {
				InsightsReport.MissingIndex purchases = report.missingIndexes().findings().get(0);
				assertThat(purchases.columns()).containsExactly("customer", "amount");
				assertThat(purchases.verified()).isFalse();
				assertThat(purchases.verification()).startsWith("not verified: HypoPG is not created in this database");
				assertThat(report.missingIndexes().evidence()).contains("suggestions are not verified");
			})
			.verifyComplete();
	}

	@Test
	void smallOrRarelyScannedTablesGetNoSuggestion() {
		PostgresInsights insights = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				InsightsOptions.builder().missingIndexMinSequentialScans(1_000).build());
		insights.report()
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.missingIndexes().status()).isEqualTo(InsightCheck.Status.OK);
				assertThat(report.missingIndexes().findings()).isEmpty();
			})
			.verifyComplete();
		new PostgresInsights(dataLayer.database().ownerConnectionFactory(), InsightsOptions.defaults()).report()
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report.missingIndexes().findings())
				.extracting(InsightsReport.MissingIndex::table)
				.doesNotContain("tiny"))
			.verifyComplete();
	}

}
