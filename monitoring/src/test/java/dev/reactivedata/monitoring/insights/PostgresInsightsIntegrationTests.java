package dev.reactivedata.monitoring.insights;

import java.time.Duration;

import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
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

class PostgresInsightsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	@BeforeAll
	static void createSchema() {
		DatabaseClient owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		Flux.concat(owner.sql("CREATE TABLE orders (id int PRIMARY KEY, customer int NOT NULL, status text NOT NULL)").then(),
				owner.sql("INSERT INTO orders SELECT g, g % 10, 'NEW' FROM generate_series(1, 100) g").then(),
				owner.sql("CREATE INDEX orders_customer_idx ON orders (customer)").then(),
				owner.sql("CREATE INDEX orders_customer_status_idx ON orders (customer, status)").then(),
				owner.sql("CREATE INDEX orders_status_idx ON orders (status)").then())
			.then()
			.as(StepVerifier::create)
			.verifyComplete();
	}

	private PostgresInsights insights() {
		return new PostgresInsights(dataLayer.database().ownerConnectionFactory(), InsightsOptions.builder()
			.minStatisticsAge(Duration.ZERO)
			.unusedIndexMinTableScans(1)
			.build());
	}

	@Test
	void reportsUnusedAndDuplicateIndexes() {
		DatabaseClient.create(dataLayer.database().ownerConnectionFactory())
			.sql("SELECT count(*) FROM orders").then()
			.then(insights().report())
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.unusedIndexes().findings()).extracting(InsightsReport.UnusedIndex::index)
					.contains("orders_customer_idx", "orders_customer_status_idx", "orders_status_idx")
					.doesNotContain("orders_pkey");
				assertThat(report.duplicateIndexes().status()).isEqualTo(InsightCheck.Status.WARN);
				assertThat(report.duplicateIndexes().findings()).singleElement().satisfies(duplicate -> {
					assertThat(duplicate.index()).isEqualTo("orders_customer_idx");
					assertThat(duplicate.coveredBy()).isEqualTo("orders_customer_status_idx");
					assertThat(duplicate.table()).isEqualTo("orders");
				});
				assertThat(report.recommendations()).anySatisfy(recommendation -> {
					assertThat(recommendation.check()).isEqualTo("duplicateIndexes");
					assertThat(recommendation.message()).contains("orders_customer_idx", "orders_customer_status_idx");
				});
				assertThat(report.database()).isEqualTo(dataLayer.database().name());
				assertThat(report.sizes().findings()).singleElement()
					.satisfies(sizes -> assertThat(sizes.databaseBytes()).isPositive());
				assertThat(report.connections().findings()).isNotEmpty();
				assertThat(report.wraparound().findings()).isNotEmpty();
				assertThat(report.invalidIndexes().status()).isEqualTo(InsightCheck.Status.OK);
			})
			.verifyComplete();
	}

	@Test
	void reportsAnIndexMuchLargerThanItsRows() {
		DatabaseClient owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		Flux.concat(owner.sql("CREATE TABLE shrunk (id int PRIMARY KEY, v int NOT NULL)").then(),
				owner.sql("INSERT INTO shrunk SELECT g, g FROM generate_series(1, 50000) g").then(),
				owner.sql("CREATE INDEX shrunk_v_idx ON shrunk (v)").then(),
				owner.sql("DELETE FROM shrunk WHERE id % 10 <> 0").then(),
				owner.sql("VACUUM (ANALYZE) shrunk").then())
			.then(insights().report())
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.indexBloat().findings()).extracting(InsightsReport.IndexBloat::index)
					.contains("shrunk_v_idx");
				assertThat(report.indexBloat().findings()).allSatisfy(index -> {
					assertThat(index.wasteRatio()).isBetween(0.2, 1.0);
					assertThat(index.estimatedWasteBytes()).isLessThan(index.sizeBytes());
				});
				assertThat(report.indexBloat().findings()).extracting(InsightsReport.IndexBloat::index)
					.doesNotContain("orders_customer_idx");
			})
			.verifyComplete();
	}

	@Test
	void reportsALockHeldByAnotherConnection() {
		ConnectionFactory owner = dataLayer.database().ownerConnectionFactory();
		Connection holder = Mono.from(owner.create()).block(Duration.ofSeconds(10));
		Connection waiter = Mono.from(owner.create()).block(Duration.ofSeconds(10));
		Disposable waiting = null;
		try {
			Mono.from(holder.beginTransaction())
				.thenMany(Flux.from(holder.createStatement("UPDATE orders SET status = 'HELD' WHERE id = 1").execute())
					.flatMap(Result::getRowsUpdated))
				.then()
				.block(Duration.ofSeconds(10));
			waiting = Flux.from(waiter.createStatement("UPDATE orders SET status = 'WAITING' WHERE id = 1").execute())
				.flatMap(Result::getRowsUpdated)
				.subscribe();
			PostgresInsights insights = insights();
			Mono.defer(insights::report)
				.filter(report -> !report.blockingQueries().findings().isEmpty())
				.repeatWhenEmpty(50, ticks -> ticks.delayElements(Duration.ofMillis(100)))
				.as(StepVerifier::create)
				.assertNext(report -> {
					assertThat(report.blockingQueries().status()).isEqualTo(InsightCheck.Status.WARN);
					assertThat(report.blockingQueries().findings()).singleElement().satisfies(blocked -> {
						assertThat(blocked.query()).contains("WAITING");
						assertThat(blocked.blockingState()).isEqualTo("idle in transaction");
					assertThat(blocked.chain()).containsExactly(blocked.pid(), blocked.blockingPid());
					});
					assertThat(report.recommendations()).anySatisfy(
							recommendation -> assertThat(recommendation.check()).isEqualTo("blockingQueries"));
					assertThat(report.connections().findings().get(0).sessions()).anySatisfy(group -> {
						assertThat(group.state()).isEqualTo("active");
						assertThat(group.waitEventType()).isEqualTo("Lock");
					});
				})
				.verifyComplete();
		}
		finally {
			Mono.from(holder.rollbackTransaction()).then(Mono.from(holder.close())).block(Duration.ofSeconds(10));
			if (waiting != null) {
				waiting.dispose();
			}
			Mono.from(waiter.close()).block(Duration.ofSeconds(10));
		}
	}

	@Test
	void topQueriesAreUnavailableWithoutTheExtensionAndListedWithIt() {
		DatabaseClient owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		PostgresInsights insights = insights();
		owner.sql("DROP EXTENSION IF EXISTS pg_stat_statements").then()
			.then(insights.report())
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.topQueries().status()).isEqualTo(InsightCheck.Status.UNAVAILABLE);
				assertThat(report.topQueries().reason()).contains("pg_stat_statements");
				assertThat(report.recommendations()).anySatisfy(
						recommendation -> assertThat(recommendation.check()).isEqualTo("topQueries"));
			})
			.verifyComplete();
		PostgresInsights allQueries = new PostgresInsights(dataLayer.database().ownerConnectionFactory(),
				InsightsOptions.builder().topQueries(100).build());
		owner.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").then()
			.then(owner.sql("ANALYZE orders").then())
			.then(owner.sql("SELECT count(*) FROM orders").then())
			.then(owner.sql("SELECT * FROM orders WHERE customer = 3").then())
			.then(owner.sql("VACUUM orders").then())
			.then(insights.report())
			.then(allQueries.report())
			.doFinally(signal -> owner.sql("DROP EXTENSION IF EXISTS pg_stat_statements").then()
				.block(Duration.ofSeconds(10)))
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.topQueries().status()).as(report.topQueries().reason()).isEqualTo(InsightCheck.Status.OK);
				assertThat(report.topQueries().findings()).isNotEmpty();
				assertThat(report.topQueries().findings()).anySatisfy(top -> {
					assertThat(top.query()).isEqualTo("SELECT count(*) FROM orders");
					assertThat(top.plan()).contains("on orders");
				});
				assertThat(report.topQueries().findings()).anySatisfy(top -> {
					assertThat(top.query()).isEqualTo("SELECT * FROM orders WHERE customer = $1");
					assertThat(top.planNote()).contains("representative statement", "customer = '");
					assertThat(top.plan()).contains("on orders");
				});
				assertThat(report.topQueries().findings()).anySatisfy(top -> {
					assertThat(top.query()).isEqualTo("VACUUM orders");
					assertThat(top.plan()).isNull();
					assertThat(top.planNote()).isEqualTo("no plan: not a plannable statement");
				});
			})
			.verifyComplete();
		assertThat(insights.latest()).isNotNull();
	}

}
