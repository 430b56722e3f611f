package dev.reactivedata.core.repository;

import java.time.Duration;

import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.r2dbc.BadSqlGrammarException;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionReadsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static ConnectionFactory factory;

	private static ConnectionReads reads;

	@BeforeAll
	static void start() {
		factory = dataLayer.database().ownerConnectionFactory();
		reads = new ConnectionReads(factory);
	}

	@Test
	void readsTheBoundParametersRows() {
		reads.all("SELECT x FROM generate_series(1, $1) x", 3, (row, metadata) -> row.get(0, Integer.class))
			.as(StepVerifier::create)
			.expectNext(1, 2, 3)
			.verifyComplete();
	}

	@Test
	void oneEmitsNothingForNoRowAndFailsForTwoAsDatabaseClientDoes() {
		reads.one("SELECT x FROM generate_series(1, $1) x", 0, (row, metadata) -> row.get(0, Integer.class))
			.as(StepVerifier::create)
			.verifyComplete();
		reads.one("SELECT x FROM generate_series(1, $1) x", 2, (row, metadata) -> row.get(0, Integer.class))
			.as(StepVerifier::create)
			.verifyError(IncorrectResultSizeDataAccessException.class);
		DatabaseClient.create(factory)
			.sql("SELECT x FROM generate_series(1, $1) x")
			.bind(0, 2)
			.map((row, metadata) -> row.get(0, Integer.class))
			.one()
			.as(StepVerifier::create)
			.verifyError(IncorrectResultSizeDataAccessException.class);
	}

	@Test
	void translatesDriverErrorsAsDatabaseClientDoes() {
		reads.all("SELECT x FROM no_such_table WHERE x = $1", 1, (row, metadata) -> 1)
			.as(StepVerifier::create)
			.verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(BadSqlGrammarException.class)
				.hasMessageContaining("no_such_table"));
	}

	@Test
	void readsOnTheTransactionsConnection() {
		TransactionalOperator transactions = TransactionalOperator.create(new R2dbcTransactionManager(factory));
		Mono<Integer> readInside = DatabaseClient.create(factory)
			.sql("CREATE TEMPORARY TABLE only_here (x int) ON COMMIT DROP")
			.then()
			.then(DatabaseClient.create(factory).sql("INSERT INTO only_here VALUES (7)").then())
			.then(reads.one("SELECT x FROM only_here WHERE x = $1", 7, (row, metadata) -> row.get(0, Integer.class)));
		// The temporary table exists on the transaction's connection only.
		transactions.transactional(readInside).as(StepVerifier::create).expectNext(7).verifyComplete();
	}

	@Test
	void givesTheConnectionBackWhenTheReaderCancels() {
		ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
			.initialSize(1)
			.maxSize(1)
			.maxAcquireTime(Duration.ofSeconds(5))
			.build());
		try {
			Flux<Integer> many = new ConnectionReads(pool).all("SELECT x FROM generate_series(1, $1) x", 100_000,
					(row, metadata) -> row.get(0, Integer.class));
			// With one connection in the pool, a read that kept it would time the next acquire out.
			for (int i = 0; i < 3; i++) {
				many.take(2).as(StepVerifier::create).expectNext(1, 2).verifyComplete();
			}
		}
		finally {
			pool.dispose();
		}
	}

}
